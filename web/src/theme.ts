// Light and dark themes: follows the system until the user picks one, remembered in localStorage.
export type ThemeChoice = "light" | "dark" | "system";

const storageKey = "amrouter-theme";
const media = window.matchMedia("(prefers-color-scheme: dark)");

export function themeChoice(): ThemeChoice {
  const stored = localStorage.getItem(storageKey);
  return stored === "light" || stored === "dark" ? stored : "system";
}

export function applyTheme(choice: ThemeChoice = themeChoice()): void {
  const dark = choice === "dark" || (choice === "system" && media.matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
  document.querySelector('meta[name="theme-color"]')?.setAttribute("content", dark ? "#0f1720" : "#f5f7fa");
}

export function setTheme(choice: ThemeChoice): void {
  if (choice === "system") localStorage.removeItem(storageKey);
  else localStorage.setItem(storageKey, choice);
  applyTheme(choice);
}

media.addEventListener("change", () => applyTheme());
