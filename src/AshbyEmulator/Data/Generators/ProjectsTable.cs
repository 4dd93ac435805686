using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>project.list: sourcing projects; 10% archived, 10% confidential. No updatedAt (documented).</summary>
internal sealed class ProjectsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 3;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var title = WordLists.ProjectTitles[i % WordLists.ProjectTitles.Length];
        Span<byte> scratch = stackalloc byte[96];
        var b = new Utf8Builder(scratch);
        b.Append(title.Utf8);
        if (i >= WordLists.ProjectTitles.Length)
        {
            b.Append(" #"u8);
            b.Append((i / WordLists.ProjectTitles.Length) + 1);
        }
        var v = r.Mutable(RowField.Body);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        WriteRevised(w, JsonNames.Title, b.Written, r.Revision);
        if (v.Percent(10))
        {
            w.WriteNull(JsonNames.Description);
        }
        else
        {
            w.WriteString(JsonNames.Description, v.Pick(WordLists.Sentences).Json);
        }

        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteBoolean(JsonNames.Confidential, i % 10 == 8);
        w.WriteUuid(JsonNames.AuthorId, Table<UsersTable>().Id(Table<UsersTable>().Pick(r.Field(RowField.Pick))));
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        CustomFieldCatalog.Write(w, JsonNames.CustomFieldEntries, Seed, CustomFieldCatalog.Project, r.MutableHash(RowField.Custom), CreatedAtMs(r));
        w.WriteEndObject();
    }
}
