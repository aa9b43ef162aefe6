import { z } from 'zod';

/** The OpenAPI enum plus Preview, the only version with the orchestration endpoints and HITL. */
export const INTERCOM_VERSIONS = [
  '1.0',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.0',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '2.9',
  '2.10',
  '2.11',
  '2.12',
  '2.13',
  '2.14',
  '2.15',
  '2.16',
  'Preview',
] as const;

export const DEFAULT_INTERCOM_VERSION = 'Preview';

export const intercomVersionSchema = z.enum(INTERCOM_VERSIONS, {
  error: `must be one of ${INTERCOM_VERSIONS.join(', ')}`,
});

export const INTERCOM_VERSION_INVALID = 'intercom_version_invalid';

export const invalidVersionMessage = (value: string) =>
  `Requested API version "${value}" is not a valid Intercom-Version; use one of ${INTERCOM_VERSIONS.join(', ')}`;
