import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { CreatedShareLink, CreateShareLinkBody, ShareLinkView } from '@/lib/console/share-links';
import { retryUnlessClientError } from './retry';

export const fetchShareLinks = () =>
  apiFetch<{ links: ShareLinkView[] }>('/api/share-links').then((r) => r.links);

export const shareLinkKeys = {
  all: ['share-links'] as const,
  list: () => [...shareLinkKeys.all, 'list'] as const,
};

export const shareLinkQueries = {
  list: () =>
    queryOptions({ queryKey: shareLinkKeys.list(), queryFn: fetchShareLinks, retry: retryUnlessClientError }),
};

export function useShareLinks() {
  return useQuery(shareLinkQueries.list());
}

export function useCreateShareLink(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateShareLinkBody) =>
      apiFetch<CreatedShareLink>(`/api/conversations/${encodeURIComponent(conversationId)}/share-links`, {
        method: 'POST',
        json: body,
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: shareLinkKeys.all }),
  });
}

export function useRevokeShareLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ link: ShareLinkView }>(`/api/share-links/${encodeURIComponent(id)}/revoke`, {
        method: 'POST',
      }).then((r) => r.link),
    onSuccess: (link) =>
      qc.setQueryData<ShareLinkView[]>(shareLinkKeys.list(), (list) =>
        list?.map((l) => (l.id === link.id ? link : l)),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: shareLinkKeys.all }),
  });
}
