export {
  LEAD_ACTIONS,
  LEAD_TYPES,
  type LeadAction,
  type LeadNotification,
  type LeadType,
  type ParsedNotification,
  parseNotification,
  responseUrn,
  toEpochMs,
} from './notification.js'
export {
  challengeResponse,
  isChallengeCode,
  type SecretSlot,
  type SignatureCheck,
  type SignatureVariant,
  type SigningSecrets,
  signNotification,
  verifySignature,
} from './signature.js'
