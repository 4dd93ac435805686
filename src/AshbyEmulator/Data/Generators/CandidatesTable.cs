using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// candidate.list. Candidates have no archived state, so the admin API can only create and update them.
/// A candidate's applications are the base applications mapped onto it plus any created later (links).
/// </summary>
internal sealed class CandidatesTable(Dataset ds) : TableGenerator(ds, TableId.Candidates)
{
    private static readonly byte[] HandlePrefix = "eyJoYW5kbGUiOnsi"u8.ToArray();

    public override bool CanArchive => false;

    public static Word FirstName(in RowCtx r) => Catalog.FirstNames[Hashing.Below(r.Field(F.Name), Catalog.FirstNames.Length)];

    public static Word LastName(in RowCtx r) => Catalog.LastNames[Hashing.Below(Hashing.Mix(r.Field(F.Name)), Catalog.LastNames.Length)];

    private static bool HasEmail(in RowCtx r) => r.Index % 20 != 7;

    private static bool HasPhone(in RowCtx r) => Hashing.Below(r.Field(F.Phone), 100) >= 40;

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
            b.Append(Catalog.EmailDomains[Hashing.Below(r.Field(F.Email), Catalog.EmailDomains.Length)]);
        }
        else
        {
            b.Append(FirstName(r).Slug);
            b.Append(r.Index);
            b.Append("@work.example.com"u8);
        }
        w.WriteString(P.Value, b.Written);
        w.WriteString(P.Type, Vocab.ContactTypes[personal ? 0 : 1].Json);
        w.WriteBoolean(P.IsPrimary, personal);
    }

    private static void WritePhoneProps(Utf8JsonWriter w, in RowCtx r, bool primary)
    {
        var rng = new Rng(r.Field(F.Phone) + (primary ? 0UL : 1UL));
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
        w.WriteString(P.Value, b.Written);
        w.WriteString(P.Type, Vocab.ContactTypes[primary ? 0 : 2].Json);
        w.WriteBoolean(P.IsPrimary, primary);
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
        w.WriteUuid(P.Id, Id(index));
        w.WriteString(P.Name, FullName(r, scratch));
        WritePrimaryEmail(w, P.PrimaryEmailAddress, r);
        WritePrimaryPhone(w, P.PrimaryPhoneNumber, r);
        w.WriteEndObject();
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var rng = r.Rng(F.Body);
        var v = r.Mutable(F.Body);
        Span<byte> scratch = stackalloc byte[128];
        var created = CreatedAtMs(r);
        w.WriteStartObject();
        w.WriteUuid(P.Id, Id(i));
        w.WriteTime(P.CreatedAt, created);
        w.WriteTime(P.UpdatedAt, UpdatedAtMs(r));
        w.WriteString(P.Name, FullName(r, scratch));
        WritePrimaryEmail(w, P.PrimaryEmailAddress, r);
        w.WriteStartArray(P.EmailAddresses);
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
        WritePrimaryPhone(w, P.PrimaryPhoneNumber, r);
        w.WriteStartArray(P.PhoneNumbers);
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
        w.WriteWordOrNull(P.Position, v.Percent(10) ? null : v.Pick(Catalog.Positions));
        w.WriteWordOrNull(P.Company, v.Percent(15) ? null : v.Pick(Catalog.Companies));
        w.WriteWordOrNull(P.School, v.Percent(25) ? null : v.Pick(Catalog.Schools));
        w.WriteStartArray(P.ApplicationIds);
        WriteApplicationIds(w, r);
        w.WriteEndArray();
        WriteFiles(w, r, ref rng);
        CustomFieldCatalog.Write(w, P.CustomFields, Seed, CustomFieldCatalog.Candidate, r.MutableHash(F.Custom), created);
        Span<byte> url = stackalloc byte[96];
        var u = new Utf8Builder(url);
        u.Append("https://app.ashbyhq.com/candidates/"u8);
        u.AppendUuid(Id(i));
        w.WriteString(P.ProfileUrl, u.Written);
        if (rng.Percent(15))
            w.WriteNull(P.Source);
        else
            Ds.Sources.WriteEmbedded(w, P.Source, Ds.Sources.Pick(r.Field(F.Source)), r.Snapshot);
        Ds.Users.WriteEmbedded(w, P.CreditedToUser, rng.Percent(50) ? -1 : Ds.Users.Pick(r.Field(F.Pick)), r.Snapshot);
        var city = Catalog.Cities[Hashing.Below(r.Field(F.Location), Catalog.Cities.Length)];
        var hasLocation = !rng.Percent(20);
        w.WriteWordOrNull(P.Timezone, hasLocation && !rng.Percent(10) ? city.Timezone : null);
        if (!hasLocation)
        {
            w.WriteNull(P.Location);
        }
        else
        {
            w.WriteStartObject(P.Location);
            w.WriteUuid(P.Id, Uuid.Derive(Seed, 0xC17, Hashing.Below(r.Field(F.Location), Catalog.Cities.Length), 0));
            w.WriteString(P.LocationSummary, city.Summary.Json);
            w.WriteStartArray(P.LocationComponents);
            WriteComponent(w, 0, city.Country);
            WriteComponent(w, 1, city.Region);
            WriteComponent(w, 2, city.Name);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteWordOrNull(P.FraudStatus, rng.Percent(80) ? null : rng.Pick(Vocab.FraudStatuses));
        w.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter w, int type, Word name)
    {
        w.WriteStartObject();
        w.WriteString(P.Type, Vocab.LocationComponentTypes[type].Json);
        w.WriteString(P.Name, name.Json);
        w.WriteEndObject();
    }

    private void WriteSocialLinks(Utf8JsonWriter w, in RowCtx r, ref Rng rng)
    {
        w.WriteStartArray(P.SocialLinks);
        Span<byte> buf = stackalloc byte[128];
        if (rng.Percent(70))
            WriteLink(w, 0, "https://linkedin.com/in/"u8, r, buf);
        if (rng.Percent(30))
            WriteLink(w, 1, "https://github.com/"u8, r, buf);
        if (rng.Percent(10))
            WriteLink(w, 5, "https://www."u8, r, buf);
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
            b.Append(".dev"u8);
        w.WriteStartObject();
        w.WriteString(P.Type, Vocab.SocialTypes[type].Json);
        w.WriteString(P.Url, b.Written);
        w.WriteEndObject();
    }

    private void WriteTags(Utf8JsonWriter w, in RowCtx r, ref Rng v)
    {
        var tags = Ds.CandidateTags;
        var count = v.Percent(40) ? 0 : v.Int(1, 4);
        var first = v.Int(tags.BaseCount);
        w.WriteStartArray(P.Tags);
        for (var k = 0; k < count; k++)
            tags.WriteEmbedded(w, (first + (k * 7)) % tags.BaseCount, r.Snapshot);
        w.WriteEndArray();
    }

    private void WriteApplicationIds(Utf8JsonWriter w, in RowCtx r)
    {
        var apps = Ds.Applications;
        if (r.Index < BaseCount)
        {
            var end = FirstChild(r.Index + 1, BaseCount, apps.BaseCount);
            for (var a = FirstChild(r.Index, BaseCount, apps.BaseCount); a < end; a++)
                w.WriteUuidValue(apps.Id(a));
        }
        if (r.Changed && r.State.Links is { } links)
        {
            foreach (var a in links)
                w.WriteUuidValue(apps.Id(a));
        }
    }

    private void WriteFiles(Utf8JsonWriter w, in RowCtx r, ref Rng rng)
    {
        var hasResume = !rng.Percent(30);
        var hasCoverLetter = rng.Percent(20);
        Span<byte> name = stackalloc byte[128];
        if (hasResume)
        {
            w.WriteStartObject(P.ResumeFileHandle);
            WriteFileProps(w, r, 0, name);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(P.ResumeFileHandle);
        }
        w.WriteStartArray(P.FileHandles);
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
        w.WriteUuid(P.Id, id);
        w.WriteString(P.Name, b.Written);
        var h = new Utf8Builder(buf);
        h.Append(HandlePrefix);
        h.AppendHex(id.Hi, 16);
        h.AppendHex(id.Lo, 16);
        w.WriteString(P.Handle, h.Written);
    }
}
