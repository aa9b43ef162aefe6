/** `npm run reliability [-- --runs N --fuzz N --quick --seed N --verbose]`: see README "Reliability". */
import '../testing/outside-next';

void import('@/testing/reliability/main').then(
  async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
