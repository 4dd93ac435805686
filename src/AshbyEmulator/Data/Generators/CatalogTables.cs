using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>A small fixed list of named rows (boards, reasons, roles…): row i takes title i, revised by updates.</summary>
internal abstract class NamedCatalogTable(Dataset dataset, TableSpec table, Word[] titles) : TableGenerator(dataset, table)
{
    protected Word[] Titles { get; } = titles;

    protected void WriteTitle(Utf8JsonWriter w, JsonEncodedText name, in RowCtx r) =>
        WriteRevised(w, name, r.Index < Titles.Length ? Titles[r.Index].Utf8 : System.Text.Encoding.UTF8.GetBytes($"{Titles[r.Index % Titles.Length].Value} {r.Index + 1}"), r.Revision);
}

/// <summary>jobBoard.list: enabled boards only. Board 0 is the primary external board, 1 the internal one, 2 a second external board; 3 is disabled.</summary>
internal sealed class JobBoardsTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of("Northwind Labs Careers", "Internal Mobility Board", "Northwind Labs EMEA Careers", "Legacy Careers Page"))
{
    public const int Primary = 0, Internal = 1;

    protected override bool BaseArchived(int index, ulong hash) => index == 3;

    public override bool Matches(in RowCtx r, ListFilter f) => !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.Title, r);
        w.WriteBoolean(JsonNames.IsInternal, r.Index == Internal);
        w.WriteEndObject();
    }
}

/// <summary>closeReason.list: why openings close; the last is archived (includeArchived). Openings use the first four.</summary>
internal sealed class CloseReasonsTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of("Hired", "Budget cut", "Role restructured", "Filled internally", "Hiring freeze", "Duplicate opening", "Position cancelled", "Other (retired)"))
{
    protected override bool BaseArchived(int index, ulong hash) => index == 7;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.ReasonText, r);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteEndObject();
    }
}

/// <summary>brand.list: the organisation's employer brands (jobs' brandId).</summary>
internal sealed class BrandsTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of("Northwind Labs", "Northwind Health", "Contoso Robotics"))
{
    public override bool CanArchive => false;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.Name, r);
        Span<byte> slug = stackalloc byte[48];
        var b = new Utf8Builder(slug);
        b.Append(Titles[r.Index % Titles.Length].Slug);
        if (r.Index >= Titles.Length)
        {
            b.Append(r.Index + 1);
        }
        w.WriteString(JsonNames.HostedJobsPageSlug, b.Written);
        w.WriteEndObject();
    }
}

/// <summary>hiringTeamRole.list: role titles (namesOnly, the default) or <c>{id,title}</c> objects.</summary>
internal sealed class HiringTeamRolesTable(Dataset dataset, TableSpec table) : NamedCatalogTable(dataset, table, WordLists.HiringRoles)
{
    public override bool CanArchive => false;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        if (f.NamesOnly)
        {
            Span<byte> title = stackalloc byte[64];
            var b = new Utf8Builder(title);
            b.Append(Titles[r.Index % Titles.Length].Utf8);
            if (r.Revision > 0)
            {
                b.Append(" (rev "u8);
                b.Append(r.Revision);
                b.Append((byte)')');
            }
            w.WriteStringValue(b.Written);
            return;
        }
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.Title, r);
        w.WriteEndObject();
    }
}

/// <summary>applicationHiringTeamRole.list: the roles an application's hiring team can hold.</summary>
internal sealed class ApplicationHiringTeamRolesTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of("Recruiter", "Coordinator", "Sourcer", "Referrer"))
{
    public override bool CanArchive => false;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.Title, r);
        w.WriteEndObject();
    }
}

/// <summary>communicationTemplate.list: enabled templates only (every sixth is disabled and never listed).</summary>
internal sealed class CommunicationTemplatesTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of(
        "Application received", "Interview invitation", "Onsite logistics", "Rejection – after screen", "Offer call follow-up",
        "Reference request", "InMail – passive outreach", "LinkedIn connection note", "Rejection – after onsite", "Scheduling reminder",
        "Welcome aboard", "Re-engagement"))
{
    private static readonly Word[] Types = Word.Of("email", "inMail", "linkedInConnection");

    protected override bool BaseArchived(int index, ulong hash) => index % 6 == 5;

    public override bool Matches(in RowCtx r, ListFilter f) => !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteTime(JsonNames.UpdatedAt, UpdatedAtMs(r));
        WriteTitle(w, JsonNames.Title, r);
        w.WriteStartArray(JsonNames.IntendedTypes);
        var title = Titles[r.Index % Titles.Length].Value;
        w.WriteStringValue(Types[title.StartsWith("InMail", StringComparison.Ordinal) ? 1 : title.StartsWith("LinkedIn", StringComparison.Ordinal) ? 2 : 0].Json);
        if (r.Index % 4 == 1)
        {
            w.WriteStringValue(Types[1].Json);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>sourceTrackingLink.list: tracked application links per source; 1 in 7 is disabled (includeDisabled).</summary>
internal sealed class SourceTrackingLinksTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 7 == 3;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeDisabled || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        Span<byte> code = stackalloc byte[16];
        var c = new Utf8Builder(code);
        c.AppendHex(r.Field(RowField.Name), 8);
        Span<byte> link = stackalloc byte[96];
        var b = new Utf8Builder(link);
        b.Append("https://jobs.ashbyhq.com/northwind-labs?utm_source="u8);
        b.Append(c.Written);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteString(JsonNames.Code, c.Written);
        w.WriteBoolean(JsonNames.Enabled, !IsArchived(r));
        w.WriteUuid(JsonNames.SourceId, Table<SourcesTable>().Id(Table<SourcesTable>().Pick(r.Field(RowField.Source))));
        w.WriteString(JsonNames.Link, b.Written);
        w.WriteEndObject();
    }
}
