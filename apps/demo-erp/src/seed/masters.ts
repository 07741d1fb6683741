import type { Doc } from '@cortado/server';
import type { Random } from './random.js';

/** The demo company every transaction belongs to. */
export const DEMO_COMPANY = 'Cortado Demo Ltd';

const GROUP_ROOTS = {
  'Customer Group': 'All Customer Groups',
  Territory: 'All Territories',
  'Item Group': 'All Item Groups',
};

const CUSTOMER_GROUPS = ['Commercial', 'Individual', 'Government', 'Non Profit'];
const TERRITORIES = ['Netherlands', 'Germany', 'France', 'Belgium', 'United Kingdom', 'Spain'];
const ITEM_GROUPS = ['Products', 'Services', 'Raw Material', 'Consumable'];
const UOMS = ['Nos', 'Kg', 'Box', 'Hour', 'Litre'];

const NAME_FIRST = [
  'Alder',
  'Birch',
  'Cedar',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Iris',
  'Juniper',
  'Kestrel',
  'Linden',
  'Maple',
  'Nova',
  'Orchid',
  'Pioneer',
  'Quartz',
  'Riverside',
  'Summit',
  'Tundra',
];
const NAME_SECOND = [
  'Trading',
  'Foods',
  'Logistics',
  'Works',
  'Design',
  'Systems',
  'Retail',
  'Partners',
  'Labs',
  'Supplies',
  'Garden',
  'Motors',
  'Textiles',
  'Media',
  'Health',
];
const NAME_FORM = ['B.V.', 'GmbH', 'Ltd', 'SARL', 'S.L.'];
const ITEM_ADJECTIVE = [
  'Classic',
  'Compact',
  'Deluxe',
  'Eco',
  'Heavy',
  'Light',
  'Pro',
  'Smart',
  'Steel',
  'Wooden',
];
const ITEM_NOUN = [
  'Chair',
  'Desk',
  'Lamp',
  'Shelf',
  'Cable',
  'Bolt',
  'Filter',
  'Panel',
  'Valve',
  'Sensor',
  'Hinge',
  'Crate',
  'Cup',
  'Board',
  'Fan',
  'Pump',
  'Drill',
  'Mat',
  'Hook',
  'Tape',
];

function tree(
  doctype: keyof typeof GROUP_ROOTS,
  field: string,
  parentField: string,
  names: readonly string[],
): Doc[] {
  const root = GROUP_ROOTS[doctype];
  return [
    { doctype, [field]: root, is_group: 1 },
    ...names.map((name) => ({ doctype, [field]: name, [parentField]: root, is_group: 0 })),
  ];
}

/** Company, groups, territories and units: the masters everything else links to. */
export function masterDocs(): Doc[] {
  return [
    {
      doctype: 'Company',
      company_name: DEMO_COMPANY,
      abbr: 'CDL',
      default_currency: 'EUR',
      country: 'Netherlands',
    },
    ...tree('Customer Group', 'customer_group_name', 'parent_customer_group', CUSTOMER_GROUPS),
    ...tree('Territory', 'territory_name', 'parent_territory', TERRITORIES),
    ...tree('Item Group', 'item_group_name', 'parent_item_group', ITEM_GROUPS),
    ...UOMS.map((uom) => ({
      doctype: 'UOM',
      uom_name: uom,
      must_be_whole_number: uom === 'Nos' || uom === 'Box' ? 1 : 0,
    })),
  ];
}

/** `count` customers with unique names (`Alder Trading B.V. 12`). */
export function customerDocs(random: Random, count: number): Doc[] {
  return Array.from({ length: count }, (_, index) => {
    const name = `${random.pick(NAME_FIRST)} ${random.pick(NAME_SECOND)} ${random.pick(NAME_FORM)} ${index + 1}`;
    return {
      doctype: 'Customer',
      customer_name: name,
      customer_type: random.chance(0.8) ? 'Company' : 'Individual',
      customer_group: random.pick(CUSTOMER_GROUPS),
      territory: random.pick(TERRITORIES),
      email_id: `accounts${index + 1}@example.com`,
    };
  });
}

/** `count` items `ITM-0001`, … with a standard rate. */
export function itemDocs(random: Random, count: number): Doc[] {
  return Array.from({ length: count }, (_, index) => ({
    doctype: 'Item',
    item_code: `ITM-${String(index + 1).padStart(4, '0')}`,
    item_name: `${random.pick(ITEM_ADJECTIVE)} ${random.pick(ITEM_NOUN)}`,
    item_group: random.pick(ITEM_GROUPS),
    stock_uom: random.pick(UOMS),
    standard_rate: random.int(2, 900) + random.int(0, 99) / 100,
  }));
}
