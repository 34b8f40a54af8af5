-- A published CardRelease is immutable: its markdown, JSON and sha256 are what an approver signed
-- off. lib/releases/publish-release.ts is its only writer and inserts: these triggers make the
-- database itself refuse any UPDATE or DELETE, whoever asks. The foreign keys' own actions are
-- refused with them: deleting a Model with releases (ON DELETE CASCADE) or a User who published
-- one (ON DELETE SET NULL) fails. Nothing deletes either (people are disabled, not deleted), and a
-- published card must outlive both.
CREATE TRIGGER "CardRelease_no_update" BEFORE UPDATE ON "CardRelease"
BEGIN
  SELECT RAISE(ABORT, 'CardRelease is immutable: a published release cannot be updated');
END;

CREATE TRIGGER "CardRelease_no_delete" BEFORE DELETE ON "CardRelease"
BEGIN
  SELECT RAISE(ABORT, 'CardRelease is immutable: a published release cannot be deleted');
END;
