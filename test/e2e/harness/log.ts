/** One line of the e2e's own narration, indented under mocha's test titles. */
export function log(line: string): void {
  console.log(`    [e2e] ${line}`);
}
