using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// candidate.list. Candidates have no archived state, so the admin API can only create and update them.
/// A candidate's applications are the base applications mapped onto it plus any created later (links).
/// </summary>
internal sealed class CandidatesTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private static readonly byte[] HandlePrefix = "eyJoYW5kbGUiOnsi"u8.ToArray();

    public override bool CanArchive => false;

    public static Word FirstName(in RowCtx r) => WordLists.FirstNames[Hashing.Below(r.Field(RowField.Name), WordLists.FirstNames.Length)];

    public static Word LastName(in RowCtx r) => WordLists.LastNames[Hashing.Below(Hashing.Mix(r.Field(RowField.Name)), WordLists.LastNames.Length)];

    private static bool HasEmail(in RowCtx r) => r.Index % 20 != 7;

    private static bool HasPhone(in RowCtx r) => Hashing.Below(r.Field(RowField.Phone), 100) >= 40;

    private static ReadOnlySpan<byte> FullName(in RowCtx r, Span<byte> scratch)
    {
        var b = new Utf8Builder(scratch);
        b.Append(FirstName(r).Utf8);
        b.Append((byte)' ');
        b.Append(LastName(r).Utf8);
        return b.Written;
    }

    private void WritePrimaryEmail(Utf8JsonWriter w, JsonEncodedText name, in RowCtx r)
    {
        if (!HasEmail(r))
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        WriteEmailProps(w, r, true);
        w.WriteEndObject();
    }

    private void WriteEmailProps(Utf8JsonWriter w, in RowCtx r, bool personal)
    {
        Span<byte> buf = stackalloc byte[128];
        var b = new Utf8Builder(buf);
        if (personal)
        {
            b.Append(FirstName(r).Slug);
            b.Append((byte)'.');
            b.Append(LastName(r).Slug);
            b.Append(r.Index);
            b.Append((byte)'@');
            b.Append(WordLists.EmailDomains[Hashing.Below(r.Field(RowField.Email), WordLists.EmailDomains.Length)]);
        }
        else
        {
            b.Append(FirstName(r).Slug);
            b.Append(r.Index);
            b.Append("@work.example.com"u8);
        }
        w.WriteString(JsonNames.Value, b.Written);
        w.WriteString(JsonNames.Type, Vocab.ContactTypes[personal ? 0 : 1].Json);
        w.WriteBoolean(JsonNames.IsPrimary, personal);
    }

    private static void WritePhoneProps(Utf8JsonWriter w, in RowCtx r, bool primary)
    {
        var rng = new Rng(r.Field(RowField.Phone) + (primary ? 0UL : 1UL));
        Span<byte> buf = stackalloc byte[32];
        var b = new Utf8Builder(buf);
        switch (rng.Int(3))
        {
            case 0:
                b.Append("+44 20 7946 "u8);
                b.Append(rng.Int(1000, 10000));
                break;
            case 1:
                b.Append("+49 30 "u8);
                b.Append(rng.Int(1000000, 10000000));
                break;
            default:
                b.Append("+1 "u8);
                b.Append(rng.Int(201, 990));
                b.Append("-555-0"u8);
                b.Append(rng.Int(100, 200));
                break;
        }
        w.WriteString(JsonNames.Value, b.Written);
        w.WriteString(JsonNames.Type, Vocab.ContactTypes[primary ? 0 : 2].Json);
        w.WriteBoolean(JsonNames.IsPrimary, primary);
    }

    private static void WritePrimaryPhone(Utf8JsonWriter w, JsonEncodedText name, in RowCtx r)
    {
        if (!HasPhone(r))
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        WritePhoneProps(w, r, true);
        w.WriteEndObject();
    }

    /// <summary>The partial candidate embedded in applications: id, name, primary e-mail and phone.</summary>
    public void WriteSummary(Utf8JsonWriter w, JsonEncodedText name, int index, long snapshot)
    {
        var r = Row(index, snapshot);
        Span<byte> scratch = stackalloc byte[96];
        w.WriteStartObject(name);
        w.WriteUuid(JsonNames.Id, Id(index));
        w.WriteString(JsonNames.Name, FullName(r, scratch));
        WritePrimaryEmail(w, JsonNames.PrimaryEmailAddress, r);
        WritePrimaryPhone(w, JsonNames.PrimaryPhoneNumber, r);
        w.WriteEndObject();
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var rng = r.Rng(RowField.Body);
        var v = r.Mutable(RowField.Body);
        Span<byte> scratch = stackalloc byte[128];
        var created = CreatedAtMs(r);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        w.WriteTime(JsonNames.CreatedAt, created);
        w.WriteTime(JsonNames.UpdatedAt, UpdatedAtMs(r));
        w.WriteString(JsonNames.Name, FullName(r, scratch));
        WritePrimaryEmail(w, JsonNames.PrimaryEmailAddress, r);
        w.WriteStartArray(JsonNames.EmailAddresses);
        if (HasEmail(r))
        {
            w.WriteStartObject();
            WriteEmailProps(w, r, true);
            w.WriteEndObject();
            if (rng.Percent(25))
            {
                w.WriteStartObject();
                WriteEmailProps(w, r, false);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        WritePrimaryPhone(w, JsonNames.PrimaryPhoneNumber, r);
        w.WriteStartArray(JsonNames.PhoneNumbers);
        if (HasPhone(r))
        {
            w.WriteStartObject();
            WritePhoneProps(w, r, true);
            w.WriteEndObject();
            if (rng.Percent(10))
            {
                w.WriteStartObject();
                WritePhoneProps(w, r, false);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        WriteSocialLinks(w, r, ref rng);
        WriteTags(w, r, ref v);
        w.WriteWordOrNull(JsonNames.Position, v.Percent(10) ? null : v.Pick(WordLists.Positions));
        w.WriteWordOrNull(JsonNames.Company, v.Percent(15) ? null : v.Pick(WordLists.Companies));
        w.WriteWordOrNull(JsonNames.School, v.Percent(25) ? null : v.Pick(WordLists.Schools));
        w.WriteStartArray(JsonNames.ApplicationIds);
        WriteApplicationIds(w, r);
        w.WriteEndArray();
        WriteFiles(w, r, ref rng);
        CustomFieldCatalog.Write(w, JsonNames.CustomFields, Seed, CustomFieldCatalog.Candidate, r.MutableHash(RowField.Custom), created);
        Span<byte> url = stackalloc byte[96];
        var u = new Utf8Builder(url);
        u.Append("https://app.ashbyhq.com/candidates/"u8);
        u.AppendUuid(Id(i));
        w.WriteString(JsonNames.ProfileUrl, u.Written);
        if (rng.Percent(15))
        {
            w.WriteNull(JsonNames.Source);
        }
        else
        {
            Table<SourcesTable>().WriteEmbedded(w, JsonNames.Source, Table<SourcesTable>().Pick(r.Field(RowField.Source)), r.Snapshot);
        }

        Table<UsersTable>().WriteEmbedded(w, JsonNames.CreditedToUser, rng.Percent(50) ? -1 : Table<UsersTable>().Pick(r.Field(RowField.Pick)), r.Snapshot);
        var city = WordLists.Cities[Hashing.Below(r.Field(RowField.Location), WordLists.Cities.Length)];
        var hasLocation = !rng.Percent(20);
        w.WriteWordOrNull(JsonNames.Timezone, hasLocation && !rng.Percent(10) ? city.Timezone : null);
        if (!hasLocation)
        {
            w.WriteNull(JsonNames.Location);
        }
        else
        {
            w.WriteStartObject(JsonNames.Location);
            w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0xC17, Hashing.Below(r.Field(RowField.Location), WordLists.Cities.Length), 0));
            w.WriteString(JsonNames.LocationSummary, city.Summary.Json);
            w.WriteStartArray(JsonNames.LocationComponents);
            WriteComponent(w, 0, city.Country);
            WriteComponent(w, 1, city.Region);
            WriteComponent(w, 2, city.Name);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteWordOrNull(JsonNames.FraudStatus, rng.Percent(80) ? null : rng.Pick(Vocab.FraudStatuses));
        w.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter w, int type, Word name)
    {
        w.WriteStartObject();
        w.WriteString(JsonNames.Type, Vocab.LocationComponentTypes[type].Json);
        w.WriteString(JsonNames.Name, name.Json);
        w.WriteEndObject();
    }

    private void WriteSocialLinks(Utf8JsonWriter w, in RowCtx r, ref Rng rng)
    {
        w.WriteStartArray(JsonNames.SocialLinks);
        Span<byte> buf = stackalloc byte[128];
        if (rng.Percent(70))
        {
            WriteLink(w, 0, "https://linkedin.com/in/"u8, r, buf);
        }

        if (rng.Percent(30))
        {
            WriteLink(w, 1, "https://github.com/"u8, r, buf);
        }

        if (rng.Percent(10))
        {
            WriteLink(w, 5, "https://www."u8, r, buf);
        }

        w.WriteEndArray();
    }

    private static void WriteLink(Utf8JsonWriter w, int type, ReadOnlySpan<byte> prefix, in RowCtx r, Span<byte> buf)
    {
        var b = new Utf8Builder(buf);
        b.Append(prefix);
        b.Append(FirstName(r).Slug);
        b.Append(LastName(r).Slug);
        b.Append(r.Index);
        if (type == 5)
        {
            b.Append(".dev"u8);
        }

        w.WriteStartObject();
        w.WriteString(JsonNames.Type, Vocab.SocialTypes[type].Json);
        w.WriteString(JsonNames.Url, b.Written);
        w.WriteEndObject();
    }

    private void WriteTags(Utf8JsonWriter w, in RowCtx r, ref Rng v)
    {
        var tags = Table<CandidateTagsTable>();
        var count = v.Percent(40) ? 0 : v.Int(1, 4);
        var first = v.Int(tags.BaseCount);
        w.WriteStartArray(JsonNames.Tags);
        for (var k = 0; k < count; k++)
        {
            tags.WriteEmbedded(w, (first + (k * 7)) % tags.BaseCount, r.Snapshot);
        }

        w.WriteEndArray();
    }

    private void WriteApplicationIds(Utf8JsonWriter w, in RowCtx r)
    {
        var apps = Table<ApplicationsTable>();
        if (r.Index < BaseCount)
        {
            var end = FirstChild(r.Index + 1, BaseCount, apps.BaseCount);
            for (var a = FirstChild(r.Index, BaseCount, apps.BaseCount); a < end; a++)
            {
                w.WriteUuidValue(apps.Id(a));
            }
        }
        if (r.Changed && r.State.Links is { } links)
        {
            foreach (var a in links)
            {
                w.WriteUuidValue(apps.Id(a));
            }
        }
    }

    private void WriteFiles(Utf8JsonWriter w, in RowCtx r, ref Rng rng)
    {
        var hasResume = !rng.Percent(30);
        var hasCoverLetter = rng.Percent(20);
        Span<byte> name = stackalloc byte[128];
        if (hasResume)
        {
            w.WriteStartObject(JsonNames.ResumeFileHandle);
            WriteFileProps(w, r, 0, name);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(JsonNames.ResumeFileHandle);
        }
        w.WriteStartArray(JsonNames.FileHandles);
        if (hasResume)
        {
            w.WriteStartObject();
            WriteFileProps(w, r, 0, name);
            w.WriteEndObject();
        }
        if (hasCoverLetter)
        {
            w.WriteStartObject();
            WriteFileProps(w, r, 1, name);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private void WriteFileProps(Utf8JsonWriter w, in RowCtx r, int kind, Span<byte> buf)
    {
        var id = Uuid.Derive(Seed, 0xF11E, r.Index, kind);
        var b = new Utf8Builder(buf);
        b.Append(FirstName(r).Utf8);
        b.Append((byte)'_');
        b.Append(LastName(r).Utf8);
        b.Append(kind == 0 ? "_Resume.pdf"u8 : "_Cover_Letter.docx"u8);
        w.WriteUuid(JsonNames.Id, id);
        w.WriteString(JsonNames.Name, b.Written);
        var h = new Utf8Builder(buf);
        h.Append(HandlePrefix);
        h.AppendHex(id.Hi, 16);
        h.AppendHex(id.Lo, 16);
        w.WriteString(JsonNames.Handle, h.Written);
    }
}
