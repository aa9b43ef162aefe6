/** A small canned help centre that /fin/start, /fin/ask and /fin/reply answer from. */
export interface Article {
  keywords: string[];
  html: string;
  /** The follow-up a conversational answer may ask (never used by /fin/ask). */
  followUp?: string;
}

export const ARTICLES: readonly Article[] = [
  {
    keywords: ['password', 'log in', 'login', 'sign in'],
    html: "<p>To reset your password, open <strong>Settings → Security</strong> and choose <em>Reset password</em>. We'll email you a link that is valid for 30 minutes.</p>",
    followUp: '<p>Did the reset email arrive?</p>',
  },
  {
    keywords: ['account details', 'account', 'profile'],
    html: '<p>You can see your account details by clicking on the <em>Account</em> tab in the top right corner of the screen.</p>',
  },
  {
    keywords: ['refund', 'money back'],
    html: '<p>Refunds are available within <strong>30 days</strong> of purchase. Once approved, the money is back on your card within 5–10 business days.</p><ul><li>Unused licences are refunded in full.</li><li>Partially used months are pro-rated.</li></ul>',
    followUp: '<p>Would you like me to start a refund request for you?</p>',
  },
  {
    keywords: ['invoice', 'billing', 'charge', 'payment'],
    html: '<p>All invoices are under <strong>Billing → Invoices</strong>. You can download each one as a PDF or have them emailed to your finance team.</p>',
  },
  {
    keywords: ['upgrade', 'plan', 'pricing', 'seats'],
    html: '<p>You can change plans at any time from <strong>Billing → Plan</strong>. Upgrades apply immediately and are pro-rated; see the <a href="https://example.com/pricing" target="_blank">pricing page</a> for details.</p>',
  },
  {
    keywords: ['api', 'token', 'webhook'],
    html: '<p>API keys live under <strong>Settings → Developers</strong>. Send them as <code>Authorization: Bearer &lt;token&gt;</code> on every request.</p>',
  },
  {
    keywords: ['order', 'delivery', 'shipping', 'track'],
    html: '<p>Orders usually ship within 2 business days. You can follow yours from the <a href="https://example.com/orders" target="_blank">orders page</a>.</p>',
  },
];

export const NO_ANSWER = "<p>I couldn't find an answer to that in our help centre.</p>";
export const CLARIFY =
  "<p>I'm not sure I follow. Could you tell me a bit more about what you're trying to do?</p>";
export const HUMAN_WORDS = ['human', 'agent', 'person', 'representative', 'someone'];
export const THANKS_WORDS = [
  'thanks',
  'thank you',
  "that's all",
  'that is all',
  'solved',
  'resolved',
  'perfect',
];

export function findArticle(text: string): Article | undefined {
  const t = text.toLowerCase();
  return ARTICLES.find((a) => a.keywords.some((k) => t.includes(k)));
}

export const mentions = (text: string, words: readonly string[]) => {
  const t = text.toLowerCase();
  return words.some((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(t));
};
