// The user pressed Ctrl-C (or declined to save) in the middle of the questions: nothing is written.
export class PromptCancelled extends Error {}
