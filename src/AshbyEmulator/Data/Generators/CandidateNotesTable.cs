using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>candidate.listNotes {candidateId}: 0–3 notes per candidate, 10% private, written by users.</summary>
internal sealed class CandidateNotesTable(Dataset dataset, TableSpec table) : SlottedChildTable<CandidatesTable>(dataset, table, 3)
{
    public override bool CanArchive => false;

    protected override int Count(int parent) => Hashing.Below(Hashing.Field(Hashing.Row(Seed, Parents.Spec.Ordinal, parent), RowField.Custom + 100), 4);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var rng = r.Mutable(RowField.Body);
        var users = Table<UsersTable>();
        var author = users.Row(users.Pick(r.Field(RowField.Pick)), r.Snapshot);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteBoolean(JsonNames.IsPrivate, r.Rng(RowField.Status).Percent(10));
        w.WriteString(JsonNames.Content, rng.Pick(WordLists.Sentences).Json);
        w.WriteStartObject(JsonNames.Author);
        users.WriteAuthorProps(w, author);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
