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
      subscription_status: 'active',
      company_name: 'Lumen Bakery',
      country: 'MA',
      seats: 3,
      monthly_spend: 29,
      signed_up_at: '2025-09-14',
    },
  },
  {
    id: 'demo-priya',
    name: 'Priya Raman',
    email: 'priya.raman@northwind.example',
    attributes: {
      plan_type: 'Pro',
      subscription_status: 'active',
      company_name: 'Northwind Analytics',
      country: 'IE',
      seats: 24,
      monthly_spend: 1188.5,
      signed_up_at: '2024-03-02',
    },
  },
  {
    id: 'demo-sofia',
    name: 'Sofia Almeida',
    email: 'sofia.almeida@atlasfreight.example',
    attributes: {
      plan_type: 'Enterprise',
      vip: true,
      subscription_status: 'active',
      company_name: 'Atlas Freight',
      country: 'PT',
      seats: 420,
      monthly_spend: 18750,
      signed_up_at: '2021-11-30',
    },
  },
];
