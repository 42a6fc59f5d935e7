import type { Random } from './random.js'

/** A realistic, entirely fictional US lead; phone numbers use the 555-01xx range reserved for fiction. */
export interface Person {
  readonly firstName: string
  readonly lastName: string
  readonly email: string
  readonly workEmail: string
  readonly phone: string
  readonly jobTitle: string
  readonly seniority: string
  readonly jobFunction: string
  readonly company: string
  readonly companySize: string
  readonly industry: string
  readonly city: string
  readonly state: string
  readonly zip: string
  readonly country: string
}

const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'Michael',
  'Jennifer',
  'David',
  'Linda',
  'William',
  'Elizabeth',
  'Carlos',
  'Maria',
  'Wei',
  'Mei',
  'Aisha',
  'Jamal',
  'Priya',
  'Raj',
  'Olivia',
  'Noah',
  'Emma',
  'Liam',
  'Sofia',
  'Mateo',
  'Hannah',
  'Ethan',
  'Grace',
  "D'Andre",
  'Zoë',
  'Anne-Marie',
  'Nguyen',
  'Fatima',
]
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Lee',
  'Chen',
  'Patel',
  'Kim',
  "O'Brien",
  'McDonald',
  'Van der Berg',
  'Washington',
  'Nakamura',
  'Okafor',
  'Smith-Jones',
]
// [title, seniority, function]: from intern to CEO, so scoring and routing see the whole ladder.
const TITLES: readonly (readonly [string, string, string])[] = [
  ['Marketing Intern', 'Training', 'Marketing'],
  ['Sales Development Representative', 'Entry', 'Sales'],
  ['Software Engineer', 'Entry', 'Engineering'],
  ['Account Executive', 'Senior', 'Sales'],
  ['Senior Data Analyst', 'Senior', 'Research'],
  ['Marketing Manager', 'Manager', 'Marketing'],
  ['IT Manager', 'Manager', 'Information Technology'],
  ['Director of Operations', 'Director', 'Operations'],
  ['Director of Demand Generation', 'Director', 'Marketing'],
  ['VP of Sales', 'VP', 'Sales'],
  ['VP Engineering', 'VP', 'Engineering'],
  ['Chief Marketing Officer', 'CXO', 'Marketing'],
  ['Chief Financial Officer', 'CXO', 'Finance'],
  ['Founder & CEO', 'Owner', 'Entrepreneurship'],
  ['CEO', 'CXO', 'Business Development'],
]
// [name, domain, size, industry]
const COMPANIES: readonly (readonly [string, string, string, string])[] = [
  ['Acme Analytics', 'acmeanalytics.com', '11-50', 'Software Development'],
  ['Northwind Logistics', 'northwindlogistics.com', '201-500', 'Transportation, Logistics, Supply Chain and Storage'],
  ['Bluepeak Health', 'bluepeakhealth.org', '1001-5000', 'Hospitals and Health Care'],
  ['Granite State Bank', 'granitestatebank.com', '501-1000', 'Banking'],
  ['Lumen & Oak Design', 'lumenoak.co', '2-10', 'Design Services'],
  ['Cascade Robotics', 'cascaderobotics.io', '51-200', 'Industrial Machinery Manufacturing'],
  ['Sunbelt Realty Group', 'sunbeltrealty.com', '51-200', 'Real Estate'],
  ['Pioneer Learning', 'pioneerlearning.edu', '201-500', 'Higher Education'],
  ['Redwood Retail Co.', 'redwoodretail.com', '5001-10000', 'Retail'],
  ['Meridian Insurance', 'meridianins.com', '10001+', 'Insurance'],
  ['Self-employed', 'gmail.com', '1', 'Professional Services'],
]
// [city, state, ZIP]: real city/state/ZIP combinations.
const PLACES: readonly (readonly [string, string, string])[] = [
  ['Austin', 'TX', '78701'],
  ['Dallas', 'TX', '75201'],
  ['San Francisco', 'CA', '94105'],
  ['Los Angeles', 'CA', '90012'],
  ['New York', 'NY', '10001'],
  ['Brooklyn', 'NY', '11201'],
  ['Chicago', 'IL', '60601'],
  ['Boston', 'MA', '02108'],
  ['Seattle', 'WA', '98101'],
  ['Miami', 'FL', '33131'],
  ['Atlanta', 'GA', '30303'],
  ['Denver', 'CO', '80202'],
  ['Phoenix', 'AZ', '85004'],
  ['Portland', 'ME', '04101'],
  ['Anchorage', 'AK', '99501'],
  ['Honolulu', 'HI', '96813'],
  ['San Juan', 'PR', '00901'],
]
const AREA_CODES: Record<string, string> = {
  TX: '512',
  CA: '415',
  NY: '212',
  IL: '312',
  MA: '617',
  WA: '206',
  FL: '305',
  GA: '404',
  CO: '303',
  AZ: '602',
  ME: '207',
  AK: '907',
  HI: '808',
  PR: '787',
}
// Members type phone numbers however they like; receivers must normalise all of these.
const PHONE_FORMATS = [
  (a: string, n: string) => `(${a}) 555-${n}`,
  (a: string, n: string) => `${a}-555-${n}`,
  (a: string, n: string) => `${a}.555.${n}`,
  (a: string, n: string) => `+1 ${a} 555 ${n}`,
  (a: string, n: string) => `+1${a}555${n}`,
  (a: string, n: string) => `1-${a}-555-${n}`,
  (a: string, n: string) => `${a}555${n}`,
  (a: string, n: string) => `${a} 555 ${n} ext. 12`,
]

export function createPerson(random: Random): Person {
  const firstName = random.pick(FIRST_NAMES)
  const lastName = random.pick(LAST_NAMES)
  const [jobTitle, seniority, jobFunction] = random.pick(TITLES)
  const [company, domain, companySize, industry] = random.pick(COMPANIES)
  const [city, state, zip] = random.pick(PLACES)
  const local = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '')
  const workLocal = random.pick([
    `${local(firstName)}.${local(lastName)}`,
    `${local(firstName).charAt(0)}${local(lastName)}`,
    local(firstName),
  ])
  const number = `01${random.int(0, 9)}${random.int(0, 9)}`
  return {
    firstName,
    lastName,
    email: `${local(firstName)}${random.int(1, 99)}@${random.pick(['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'])}`,
    workEmail: domain === 'gmail.com' ? `${workLocal}.consulting@gmail.com` : `${workLocal}@${domain}`,
    phone: random.pick(PHONE_FORMATS)(AREA_CODES[state] ?? '555', number),
    jobTitle,
    seniority,
    jobFunction,
    company,
    companySize,
    industry,
    city,
    state,
    zip,
    country: 'United States',
  }
}
