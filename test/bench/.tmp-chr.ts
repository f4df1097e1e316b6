import { chromiumListBench } from '/work/wt-issue5/test/bench/lists-chromium';
console.log((await chromiumListBench(Number(process.argv[2]))).join('\n'));
