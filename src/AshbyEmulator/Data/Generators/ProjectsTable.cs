using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>project.list: sourcing projects; 10% archived, 10% confidential. No updatedAt (documented).</summary>
internal sealed class ProjectsTable(Dataset ds) : TableGenerator(ds, TableId.Projects)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 3;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var title = Catalog.ProjectTitles[i % Catalog.ProjectTitles.Length];
        Span<byte> scratch = stackalloc byte[96];
        var b = new Utf8Builder(scratch);
        b.Append(title.Utf8);
        if (i >= Catalog.ProjectTitles.Length)
        {
            b.Append(" #"u8);
            b.Append((i / Catalog.ProjectTitles.Length) + 1);
        }
        var v = r.Mutable(F.Body);
        w.WriteStartObject();
        w.WriteUuid(P.Id, Id(i));
        WriteRevised(w, P.Title, b.Written, r.Revision);
        if (v.Percent(10))
            w.WriteNull(P.Description);
        else
            w.WriteString(P.Description, v.Pick(Catalog.Sentences).Json);
        w.WriteBoolean(P.IsArchived, IsArchived(r));
        w.WriteBoolean(P.Confidential, i % 10 == 8);
        w.WriteUuid(P.AuthorId, Ds.Users.Id(Ds.Users.Pick(r.Field(F.Pick))));
        w.WriteTime(P.CreatedAt, CreatedAtMs(r));
        CustomFieldCatalog.Write(w, P.CustomFieldEntries, Seed, CustomFieldCatalog.Project, r.MutableHash(F.Custom), CreatedAtMs(r));
        w.WriteEndObject();
    }
}
