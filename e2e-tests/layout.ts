import { Locator } from '@playwright/test';

/**
 * The words of an element's text that the browser broke across lines
 * inside the word (as a narrow table cell does to "Conversational AI":
 * "Conversation / al AI"). Wrapping between words, or after a hyphen, is
 * not counted: each character's line is read from its own box.
 */
export async function wordsBrokenInside(element: Locator): Promise<string[]> {
  return element.evaluate(root => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const range = document.createRange();
      let word = '';
      let wordTop: number | undefined;
      let split = false;
      const endWord = () => {
        if (split) broken.push(word);
        word = '';
        wordTop = undefined;
        split = false;
      };
      for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (/\s/.test(char)) {
          endWord();
          continue;
        }
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        if (wordTop !== undefined && top !== wordTop) split = true;
        word += char;
        wordTop = top;
        // A hyphen ends a part of the name that may wrap after it.
        if (char === '-') endWord();
      }
      endWord();
    }
    return broken;
  });
}
