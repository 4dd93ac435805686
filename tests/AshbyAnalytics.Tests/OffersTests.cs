using System.Globalization;
using System.Text.Json.Nodes;
using static AshbyAnalytics.Tests.Figures;

namespace AshbyAnalytics.Tests;

/// <summary>analytics/offers.sql against the synced offer versions and offers, version by version.</summary>
public sealed class OffersTests(SyncedWarehouse warehouse) : SyncedWarehouseTests
{
    [Fact]
    public void EveryVersion_IsOneRow_WithItsOffersStatus_AndTheChangeFromThePreviousVersion()
    {
        var offers = warehouse.Records["offers"];
        var expected = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var offer in warehouse.Rows("offer_versions").GroupBy(v => At(v, "offerId")!))
        {
            var versions = offer.OrderBy(v => Time(v, "createdAt")).ThenBy(v => At(v, "id"), StringComparer.Ordinal).ToList();
            var parent = offers[offer.Key];
            for (var n = 0; n < versions.Count; n++)
            {
                var (version, previous) = (versions[n], n > 0 ? versions[n - 1] : null);
                var sameCurrency = previous is not null && At(previous, "salary.currencyCode") == At(version, "salary.currencyCode");
                expected.Add($"{offer.Key}/{At(version, "id")}",
                [
                    (long)(n + 1), (long)versions.Count, At(version, "id") == At(parent, "latestVersion.id"),
                    At(parent, "applicationId"), At(parent, "acceptanceStatus"), At(parent, "offerStatus"), Time(parent, "decidedAt"),
                    Time(version, "createdAt"), Time(version, "startDate"), Number(version, "salary.value"), At(version, "salary.currencyCode"),
                    At(version, "approvalStatus"), At(version, "author.id"), At(previous, "id"),
                    sameCurrency ? Number(version, "salary.value") - Number(previous, "salary.value") : null,
                    sameCurrency ? (Number(version, "salary.value") - Number(previous, "salary.value")) / Number(previous, "salary.value") : null,
                    previous is null ? null : !sameCurrency,
                    previous is null ? null : Days(Time(previous, "startDate")!.Value, Time(version, "startDate")!.Value),
                    previous is null ? null : At(previous, "approvalStatus") != At(version, "approvalStatus"),
                    previous is null ? null : Days(Time(previous, "createdAt")!.Value, Time(version, "createdAt")!.Value),
                ]);
            }
        }

        var actual = Of(warehouse, "select * from analytics.offers", row => $"{row["offer_id"]}/{row["offer_version_id"]}",
            "version_number", "version_count", "is_latest_version", "application_id", "acceptance_status", "offer_status", "decided_at",
            "created_at", "start_date", "salary_value", "salary_currency", "approval_status", "author_id", "previous_offer_version_id",
            "salary_change", "salary_change_ratio", "currency_changed", "start_date_change_days", "approval_status_changed", "days_since_previous_version");

        actual.ShouldMatch(expected, "offer versions");
        actual.Values.Select(r => r[14] as double?).Should().Contain(change => change != null && change != 0, "some offers were revised with another salary");
    }

    [Fact]
    public async Task EveryOfferAshbyHas_HasOneLatestVersion_WhichIsTheOneOfferListShows()
    {
        // A second road: offer.list's latestVersion, not offer.info's versions.
        var expected = warehouse.Rows("offers").ToDictionary(o => At(o, "id")!, o => new object?[] { At(o, "latestVersion.id"), Number(o, "latestVersion.salary.value"), Time(o, "latestVersion.startDate") });

        // Of() refuses a key twice, so an offer with two latest versions fails here too.
        var actual = Of(warehouse, "select offer_id, offer_version_id, salary_value, start_date from analytics.offers where is_latest_version",
            row => (string)row["offer_id"]!, "offer_version_id", "salary_value", "start_date");

        actual.ShouldMatch(expected, "offers' latest versions");
        actual.Keys.ShouldBeTheSameIdsAs(await warehouse.Emulator.Admin.IdsAsync("offers"), "offers");
    }

    private static double? Number(JsonObject? record, string path) =>
        At(record, path) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;
}
