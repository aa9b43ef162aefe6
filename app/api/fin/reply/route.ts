export { replyRoute as POST } from '@/lib/server/fin-routes';
