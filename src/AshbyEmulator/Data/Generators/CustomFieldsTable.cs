using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>customField.list: the definitions of <see cref="CustomFieldCatalog"/> (3 of 30 archived).</summary>
internal sealed class CustomFieldsTable(Dataset ds) : TableGenerator(ds, TableId.CustomFields)
{
    protected override bool BaseArchived(int index, ulong hash) =>
        CustomFieldCatalog.All[index % CustomFieldCatalog.All.Length].IsArchived;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        // Rows created through the admin API reuse a catalog shape under a new title.
        var def = CustomFieldCatalog.All[r.Index % CustomFieldCatalog.All.Length];
        w.WriteStartObject();
        w.WriteUuid(P.Id, Id(r.Index));
        w.WriteBoolean(P.IsPrivate, def.IsPrivate);
        if (r.Index < CustomFieldCatalog.All.Length)
        {
            WriteRevised(w, P.Title, def.Title.Utf8, r.Revision);
        }
        else
        {
            var title = System.Text.Encoding.UTF8.GetBytes($"{def.Title.Value} {r.Index + 1}");
            WriteRevised(w, P.Title, title, r.Revision);
        }
        w.WriteString(P.ObjectType, def.ObjectType.Json);
        w.WriteBoolean(P.IsArchived, IsArchived(r));
        w.WriteString(P.FieldType, def.FieldType.Json);
        w.WriteBoolean(P.IsRequired, def.IsRequired);
        // Documented as present for select fields only.
        if (def.Kind is FieldKind.ValueSelect or FieldKind.MultiValueSelect)
        {
            w.WriteStartArray(P.SelectableValues);
            for (var i = 0; i < def.Options.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString(P.Label, def.Options[i].Json);
                w.WriteString(P.Value, def.Options[i].Json);
                // One retired option per select field shows the archived variant.
                w.WriteBoolean(P.IsArchived, i == def.Options.Length - 1 && def.Options.Length > 3);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
