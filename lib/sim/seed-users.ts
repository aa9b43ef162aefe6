import type { SimUser } from './state';

/**
 * End users the simulator starts with (and gets back after `/_sim/reset`), one per audience the
 * built-in procedures target, so a newcomer sees audience rules at work without inventing ids.
 */
export const SEED_USERS: readonly SimUser[] = [
  {
    id: 'demo-omar',
    name: 'Omar Haddad',
    email: 'omar.haddad@lumenbakery.example',
    attributes: {
      plan_type: 'Starter',
      company_name: 'Lumen Bakery',
      seats: 3,
    },
  },
  {
    id: 'demo-priya',
    name: 'Priya Raman',
    email: 'priya.raman@northwind.example',
    attributes: {
      plan_type: 'Pro',
      company_name: 'Northwind Analytics',
      seats: 24,
      monthly_spend: 1188.5,
    },
  },
  {
    id: 'demo-sofia',
    name: 'Sofia Almeida',
    email: 'sofia.almeida@atlasfreight.example',
    attributes: {
      plan_type: 'Enterprise',
      vip: true,
      company_name: 'Atlas Freight',
      seats: 420,
      monthly_spend: 18750,
    },
  },
];
