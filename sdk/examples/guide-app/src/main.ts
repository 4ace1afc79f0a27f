import { add } from "./util.ts";
console.log(add(1, 2));
