/**
 * "Your program" in the app: the native open dialog, and nothing else. The view asks the door
 * (`chooseProgram`), the door asks this dialog; the path the user picked goes straight to the
 * engine's own check (host/python/programs.ts `checkChosenProgram`), never through the page.
 * It wires, it does not decide: which files may run is the engine's to say.
 */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { Language } from '../../contract/ipc';

const TITLES: Record<Language, { title: string; filter: string }> = {
  en: { title: 'Choose your Python program', filter: 'Python programs' },
  zh: { title: '选择你的 Python 程序', filter: 'Python 程序' },
};

/**
 * Shows the open dialog (one `.py` file), attached to the window when there is one. Resolves with
 * the chosen path, or null when the user cancelled.
 */
export async function pickPythonFile(win: BrowserWindow | null, language: Language): Promise<string | null> {
  const words = TITLES[language];
  const options: OpenDialogOptions = {
    title: words.title,
    properties: ['openFile'],
    filters: [{ name: words.filter, extensions: ['py'] }],
  };
  const r =
    win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled ? null : (r.filePaths[0] ?? null);
}
