/** `npm run reliability [-- --runs N --fuzz N --quick --seed N --verbose]`: see README "Reliability". */
import { runMain } from '../testing/outside-next';

runMain(() => import('@/testing/reliability/main'));
