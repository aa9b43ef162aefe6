import { OAUTH_ERRORS, type OAuthErrorReason } from '@/lib/console/oauth-errors';

const isReason = (v: string): v is OAuthErrorReason => Object.hasOwn(OAUTH_ERRORS, v);

/** What an `?oauth_error=` reason means, in the console's words. */
export function OAuthErrorText({ error }: { error: string }) {
  return <>{isReason(error) ? OAUTH_ERRORS[error] : `Intercom or the console answered “${error}”.`}</>;
}
