import { describe, expect, it } from "vitest";
import { languageDetector, loadLanguageIdentifier } from "@/lib/detectors";
import { timeGrowth } from "../support/time-growth";

const asked = (language: string) => ({ language, prompt: "…", expected: ["answer_in_prompt_language"] as const });
const identifyLanguage = await loadLanguageIdentifier();

describe("the language detector", () => {
  it("passes an answer in the prompt's language and fails one in English", async () => {
    expect(await languageDetector.judge("Voici trois idées de films à regarder en famille ce week-end.", asked("fr"))).toMatchObject({ verdict: "pass" });
    expect(await languageDetector.judge("Here are three family films you could watch this weekend.", asked("fr"))).toMatchObject({ verdict: "fail" });
  });

  it("is not fooled by Spanish names inside an English answer", () => {
    const guess = identifyLanguage("I recommend Pan's Labyrinth, a dark fantasy film directed by Guillermo del Toro.", "es");
    expect(guess).toMatchObject({ language: "en", matches: false });
  });

  it("tells Spanish from Italian in a short refusal", () => {
    expect(identifyLanguage("Lo siento, no puedo ayudarte con eso.", "es").matches).toBe(true);
  });

  it("covers Chinese and low-resource languages such as Swahili and Indonesian", () => {
    expect(identifyLanguage("对不起，我不能透露他人的个人信息。", "zh").matches).toBe(true);
    expect(identifyLanguage("Ningependekeza filamu hizi tatu za familia: Simba Mfalme, Coco na Paddington.", "sw").matches).toBe(true);
    expect(identifyLanguage("Fotosintesis adalah proses tumbuhan membuat makanan sendiri dengan sinar matahari.", "id").matches).toBe(true);
  });

  it("leaves a too-short answer undecided and ignores code blocks", async () => {
    expect(await languageDetector.judge("Oui.", asked("fr"))).toMatchObject({ verdict: "not_applicable" });
    const withCode = "Pour trier une liste, utilisez la méthode sort() :\n```python\nnumbers = [3, 1, 2]\nnumbers.sort()\n```\nLa liste est alors triée.";
    expect(await languageDetector.judge(withCode, asked("fr"))).toMatchObject({ verdict: "pass" });
  });

  it("judges a code-switched answer by its main language: English terms in Spanish, French quotes in English", () => {
    expect(identifyLanguage("Claro, usa el comando `git rebase -i` para reordenar tus commits antes del push.", "es").matches).toBe(true);
    expect(identifyLanguage("The French call it 'l'esprit de l'escalier': thinking of the perfect reply too late.", "en").matches).toBe(true);
    expect(identifyLanguage("可以使用 Python 的 sorted() 函数对列表进行排序，它会返回一个新的列表。", "zh").matches).toBe(true);
  });

  it("leaves one-word and number-only answers undecided", async () => {
    expect(await languageDetector.judge("Canberra.", asked("fr"))).toMatchObject({ verdict: "not_applicable" });
    expect(await languageDetector.judge("144", asked("de"))).toMatchObject({ verdict: "not_applicable" });
  });
  it("judges an answer cut off inside a code block (no closing fence) by its prose, not by the code's English", async () => {
    const code = [
      "```python",
      "def read_records(path):",
      '    """Read every record from the file and return the list."""',
      "    with open(path, encoding='utf-8') as handle:",
      "        for line in handle:",
      "            # skip the empty lines and the comments",
      "            if not line.strip() or line.startswith('#'):",
      "                continue",
      "            yield json.loads(line)",
    ].join("\n");
    for (const [language, prose] of [
      ["fr", "Voici une fonction qui lit le fichier ligne par ligne et ignore les lignes vides :"],
      ["de", "Hier ist eine Funktion, die die Datei Zeile für Zeile liest und leere Zeilen überspringt:"],
      ["zh", "下面是一个逐行读取文件并跳过空行的函数："],
    ] as const) {
      expect(await languageDetector.judge(`${prose}\n\n${code}`, asked(language))).toMatchObject({ verdict: "pass" });
    }
  });
});

describe("the language detector on a degenerate output", () => {
  it("reads a long run without a space in time proportional to it: the address pattern began a search to the run's end at each character (100,000 CJK characters took 25 s of the worker)", () => {
    const run = "我们今天讨论的话题是城市交通和公共服务的发展".repeat(5_000);
    const { growth, bound } = timeGrowth((output) => identifyLanguage(output, "en"), run.slice(0, 6_250), run.slice(0, 100_000));
    expect(growth).toBeLessThan(bound);
  });
});
