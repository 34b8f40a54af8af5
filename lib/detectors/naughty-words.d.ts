// naughty-words ships JSON lists without types: one array of words per language code.
declare module "naughty-words" {
  const lists: Record<string, string[]>;
  export default lists;
}
