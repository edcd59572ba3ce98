// Runs the test mock upstream in its own process for the benchmark and prints its URL.
import { startMockUpstream } from "../../test/mock-upstream/mock-server.ts";

const mock = await startMockUpstream();
console.log(`listening on ${mock.url}`);
setInterval(() => mock.reset(), 1000);
