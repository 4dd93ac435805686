using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>source.list: 25 sources, about 8% archived.</summary>
internal sealed class SourcesTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 8;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f) => WriteObject(w, r);

    private void WriteObject(Utf8JsonWriter w, in RowCtx r)
    {
        var (title, type) = r.Index < WordLists.Sources.Length
            ? WordLists.Sources[r.Index]
            : (new Word($"Source {r.Index + 1}"), Hashing.Below(r.Field(RowField.Body), WordLists.SourceTypes.Length));
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Title, title.Utf8, r.Revision);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        if (type < 0)
        {
            w.WriteNull(JsonNames.SourceType);
        }
        else
        {
            w.WriteStartObject(JsonNames.SourceType);
            w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0x5017, type, 0));
            w.WriteString(JsonNames.Title, WordLists.SourceTypes[type].Json);
            w.WriteBoolean(JsonNames.IsArchived, false);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>Writes the Source object embedded in candidates and applications.</summary>
    public void WriteEmbedded(Utf8JsonWriter w, JsonEncodedText name, int index, long snapshot)
    {
        w.WritePropertyName(name);
        WriteObject(w, Row(index, snapshot));
    }

    /// <summary>A base source, skewed towards the first (popular) ones.</summary>
    public int Pick(ulong hash)
    {
        var a = Hashing.Below(hash, BaseCount);
        var b = Hashing.Below(Hashing.Mix(hash), BaseCount);
        return Math.Min(a, b);
    }
}
