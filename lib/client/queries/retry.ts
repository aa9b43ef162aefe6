import { ApiError } from '@/lib/client/api';

/** Retries once on network and server errors; a 4xx answer will not change on retry. */
export function retryUnlessClientError(failureCount: number, error: Error): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 1;
}
