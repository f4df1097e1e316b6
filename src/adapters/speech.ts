/** Reads `text` aloud in `lang` with the browser's own voices ("Read it to me"); silent where there are none. */
export function speak(text: string, lang: string): void {
  if (!('speechSynthesis' in globalThis)) return;
  speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  // A little slower than usual, for young listeners.
  utterance.rate = 0.9;
  speechSynthesis.speak(utterance);
}
