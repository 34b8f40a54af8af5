-- A published CardRelease is immutable: its markdown, JSON and sha256 are what an approver signed
-- off. lib/releases/publish-release.ts is its only writer and inserts: this trigger makes the
-- database itself refuse any UPDATE or DELETE, whoever asks. The foreign keys' own actions are
-- refused with them: deleting a Model with releases (ON DELETE CASCADE) or a User who published
-- one (ON DELETE SET NULL) fails. Nothing deletes either (people are disabled, not deleted), and a
-- published card must outlive both.
-- The function body spells its semicolons \x3B: the migration runner splits scripts at every
-- literal semicolon (adapter-pg's executeScript), quoted or not, comments included.
CREATE FUNCTION "CardRelease_immutable"() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''CardRelease is immutable: a published release cannot be changed (%)'', TG_OP\x3B END\x3B';

CREATE TRIGGER "CardRelease_no_update_or_delete" BEFORE UPDATE OR DELETE ON "CardRelease"
FOR EACH ROW EXECUTE FUNCTION "CardRelease_immutable"();
