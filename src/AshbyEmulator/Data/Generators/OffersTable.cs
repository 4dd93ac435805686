using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// offer.list and offer.info: one offer on every ~24th application. offer.list shows each offer's latest version,
/// offer.info every version. Updating an offer makes a new version; archiving an offer cancels it.
/// </summary>
internal sealed class OffersTable(Dataset dataset, TableSpec table) : ChildTableGenerator<ApplicationsTable>(dataset, table)
{
    /// <summary>Acceptance status of a base offer before any mutation (applications derive their status from it).</summary>
    public int BaseAcceptance(int index)
    {
        var roll = Hashing.Below(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, index), RowField.Status), 100);
        return roll < 45 ? Vocab.AccAccepted : roll < 60 ? Vocab.AccDeclined : roll < 70 ? Vocab.AccPending
            : roll < 75 ? Vocab.AccCreated : roll < 80 ? Vocab.AccCancelled : Vocab.AccWaiting;
    }

    protected override bool BaseArchived(int index, ulong hash) => BaseAcceptance(index) == Vocab.AccCancelled;

    private int Acceptance(in RowCtx r)
    {
        if (r.MutationArchived)
        {
            return Vocab.AccCancelled;
        }

        var acceptance = r.Index >= BaseCount ? Vocab.AccCreated : BaseAcceptance(r.Index);
        // Updates send created/pending offers out to the candidate.
        return r.Revision > 0 && acceptance is Vocab.AccCreated or Vocab.AccPending ? Vocab.AccWaiting : acceptance;
    }

    private static int OfferStatus(int acceptance, ulong hash) => acceptance switch
    {
        Vocab.AccAccepted => 5,
        Vocab.AccDeclined => 4,
        Vocab.AccCancelled => 6,
        Vocab.AccWaiting => 3,
        Vocab.AccPending => (hash & 1) == 0 ? 3 : 1,
        _ => (hash & 1) == 0 ? 0 : 2,
    };

    /// <summary>Approval status index, or -1 for null.</summary>
    private static int Approval(int acceptance, ulong hash) => acceptance switch
    {
        Vocab.AccCreated => (hash % 3) == 0 ? -1 : 1,
        Vocab.AccPending => 1,
        Vocab.AccCancelled => (hash % 2) == 0 ? 2 : 0,
        _ => (hash % 10) == 0 ? -1 : 0,
    };

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.ApplicationId is { } app && Table<ApplicationsTable>().Id(ParentOf(r)) != app)
        {
            return false;
        }

        if (f.OfferStatusMask == 0 && f.AcceptanceStatusMask == 0 && f.ApprovalStatusMask == 0)
        {
            return true;
        }

        var acceptance = Acceptance(r);
        var h = r.Field(RowField.Status);
        var approval = Approval(acceptance, h);
        return (f.AcceptanceStatusMask == 0 || (f.AcceptanceStatusMask & (1 << acceptance)) != 0)
            && (f.OfferStatusMask == 0 || (f.OfferStatusMask & (1 << OfferStatus(acceptance, h))) != 0)
            && (f.ApprovalStatusMask == 0 || (approval >= 0 && (f.ApprovalStatusMask & (1 << approval)) != 0));
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f) => WriteOffer(w, r, withVersions: false, formDefinition: false);

    /// <summary>offer.info: the offer with every version, oldest first, and its form definition unless excluded.</summary>
    public override void WriteInfo(Utf8JsonWriter w, in RowCtx r, ListFilter f) => WriteOffer(w, r, withVersions: true, formDefinition: !f.ExcludeFormDefinition);

    public override IEnumerable<Uuid> EmbeddedIds(RowCtx r, string stream) =>
        Enumerable.Range(0, VersionCount(r)).Select(n => VersionId(r.Index, n));

    /// <summary>
    /// How many versions the offer has: a base offer starts with one to three (drafted, then revised before it went
    /// out), a created one with one, and every update makes another; archiving (cancelling) makes none.
    /// </summary>
    public int VersionCount(in RowCtx r) => BaseVersions(r) + r.Revision;

    private int BaseVersions(in RowCtx r)
    {
        if (r.Index >= BaseCount)
        {
            return 1;
        }

        var roll = Hashing.Below(r.Field(RowField.Events), 100);
        return roll < 55 ? 1 : roll < 85 ? 2 : 3;
    }

    private Uuid VersionId(int index, int version) => Uuid.Derive(Seed, 0x0FF, index, version);

    /// <summary>
    /// When version <paramref name="version"/> was made, increasing with the version: the first when the offer was
    /// created, the other base ones hours to days apart (before the dataset's epoch), each later one at the update
    /// that made it.
    /// </summary>
    private long VersionCreatedAtMs(in RowCtx r, int version)
    {
        var created = CreatedAtMs(r);
        var baseVersions = BaseVersions(r);
        if (version >= baseVersions)
        {
            return State.RevisedAtMs(r.Index, version - baseVersions + 1);
        }

        var gap = (long)(r.Field(RowField.Time) % (ulong)(5 * Time.DayMs)) + (6 * 3_600_000L);
        var ceiling = Math.Max(created, Time.EpochMs - Time.DayMs) + (version * 60_000L);
        return Math.Min(created + (version * gap), ceiling);
    }

    private void WriteOffer(Utf8JsonWriter w, in RowCtx r, bool withVersions, bool formDefinition)
    {
        var i = r.Index;
        var acceptance = Acceptance(r);
        var h = r.Field(RowField.Status);
        var rng = r.Rng(RowField.Body);
        var latest = VersionCount(r) - 1;
        var latestCreated = VersionCreatedAtMs(r, latest);
        var appIndex = ParentOf(r);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        var decided = acceptance is Vocab.AccAccepted or Vocab.AccDeclined
            ? Math.Max(latestCreated, r.Changed ? r.State.ChangedAtMs : latestCreated + rng.Long(Time.DayMs, 10 * Time.DayMs))
            : 0;
        w.WriteTime(JsonNames.DecidedAt, decided);
        w.WriteUuid(JsonNames.ApplicationId, Table<ApplicationsTable>().Id(appIndex));
        w.WriteString(JsonNames.AcceptanceStatus, Vocab.AcceptanceStatuses[acceptance].Json);
        w.WriteString(JsonNames.OfferStatus, Vocab.OfferStatuses[OfferStatus(acceptance, h)].Json);
        w.WritePropertyName(JsonNames.LatestVersion);
        WriteVersion(w, r, latest, latest, acceptance);
        if (withVersions)
        {
            w.WriteStartArray(JsonNames.Versions);
            for (var n = 0; n <= latest; n++)
            {
                WriteVersion(w, r, n, latest, acceptance);
            }
            w.WriteEndArray();
        }
        if (formDefinition)
        {
            FormCatalog.WriteDefinition(w, JsonNames.FormDefinition, Seed, FormCatalog.Offer);
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// One OfferVersion. What a version offers is drawn from the offer and the version number, so every version
    /// reads the same from offer.list (as latestVersion) and offer.info; superseded versions were approved or
    /// declined and kept their letter.
    /// </summary>
    private void WriteVersion(Utf8JsonWriter w, in RowCtx r, int version, int latest, int acceptance)
    {
        var i = r.Index;
        var h = r.Field(RowField.Status);
        var rng = r.Rng(RowField.Body);
        var v = new Rng(r.Field(RowField.Body) ^ Hashing.Mix((ulong)version + 0x5EED));
        var created = CreatedAtMs(r);
        var versionCreated = VersionCreatedAtMs(r, version);
        var app = Table<ApplicationsTable>().Row(ParentOf(r), r.Snapshot);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, VersionId(i, version));
        w.WriteTime(JsonNames.StartDate, Time.StartOfDay(versionCreated + v.Long(30 * Time.DayMs, 60 * Time.DayMs)));
        w.WriteStartObject(JsonNames.Salary);
        w.WriteString(JsonNames.CurrencyCode, Vocab.Currencies[rng.Int(10) < 7 ? 0 : rng.Int(1, 4)].Json);
        w.WriteNumber(JsonNames.Value, v.Int(80, 260) * 1000);
        w.WriteEndObject();
        w.WriteTime(JsonNames.CreatedAt, versionCreated);
        var jobIndex = Table<ApplicationsTable>().JobOf(app);
        var opening = jobIndex < Table<JobsTable>().BaseCount ? Table<OpeningsTable>().FirstOpeningOf(jobIndex) : -1;
        w.WriteUuidOrNull(JsonNames.OpeningId, opening >= 0 && opening < Table<OpeningsTable>().BaseCount && rng.Percent(80) ? Table<OpeningsTable>().Id(opening) : null);
        CustomFieldCatalog.Write(w, JsonNames.CustomFields, Seed, CustomFieldCatalog.Offer, r.Field(RowField.Custom) ^ Hashing.Mix((ulong)version + 0x5EED), created);
        w.WriteStartArray(JsonNames.FileHandles);
        Span<byte> handle = stackalloc byte[48];
        var letters = acceptance == Vocab.AccCreated ? 0 : acceptance == Vocab.AccAccepted ? 2 : 1;
        var files = version == latest ? letters : Math.Min(1, letters);
        for (var k = 0; k < files; k++)
        {
            var id = Uuid.Derive(Seed, 0x0FF1E, i, (version * 2) + k);
            w.WriteStartObject();
            w.WriteUuid(JsonNames.Id, id);
            w.WriteString(JsonNames.Name, k == 0 ? "Offer Letter.pdf"u8 : "Offer Letter - Signed.pdf"u8);
            var b = new Utf8Builder(handle);
            b.Append("eyJoYW5kbGUiOnsi"u8);
            b.AppendHex(id.Lo, 16);
            w.WriteString(JsonNames.Handle, b.Written);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Table<UsersTable>().WriteEmbedded(w, JsonNames.Author, Table<UsersTable>().Pick(r.Field(RowField.Pick)), r.Snapshot);
        var approval = Approval(acceptance, h);
        if (version < latest && approval >= 0)
        {
            approval = Hashing.Mix(h + (ulong)version) % 5 == 0 ? 2 : 0;
        }
        w.WriteWordOrNull(JsonNames.ApprovalStatus, approval < 0 ? null : Vocab.ApprovalStatuses[approval]);
        w.WriteEndObject();
    }
}
