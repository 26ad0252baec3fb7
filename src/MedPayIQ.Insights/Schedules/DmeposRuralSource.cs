using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>
/// A DMEPOS item's rural and non-rural amounts in the beneficiary's state (42 CFR 414.210(g)): for each of its rows
/// with a rural amount, a line priced for a rural ZIP code of the state and one for a ZIP code of the state that is
/// neither rural nor in a former competitive bidding area, and which of the two the beneficiary's ZIP code is.
/// </summary>
internal sealed class DmeposRuralSource : PartBInsightSource
{
    public override InsightKind Kind => InsightKind.DmeposRural;

    protected override void Add(InsightContext c, LinePrice bare)
    {
        if (bare.Schedule != PaymentSchedule.Dmepos || Dmepos(c, bare) is not { } dme || PartBScheduleSource.BeneficiaryZip(c) is not { } zip)
        {
            return; // without the beneficiary's ZIP code, PartBScheduleSource says what is missing
        }

        var date = c.Date;
        var zips = c.Catalog.DmeposZipFiles.LastOrDefault(z => z.Year == date.Year && z.EffectiveFrom <= date)
            ?? c.Catalog.DmeposZipFiles.FirstOrDefault(z => z.Year == date.Year);
        if (zips is null)
        {
            c.Notes.Add($"No DMEPOS rural ZIP code file of {date.Year} is loaded: every ZIP code is taken as non-rural, and the rural amounts of {c.Code} are not stated.");
            return;
        }

        var located = zips.TryGet(zip, out var area) ? area : (DmeposZipArea?)null;
        string? state = located?.State ?? (c.Release is { } r && r.Zips.TryGet(zip, out var z5) ? z5.State : null);
        if (state is null || c.Release is null)
        {
            return; // the calculator cannot place the ZIP code either: PartBScheduleSource states its reason
        }

        var (ruralZip, urbanZip) = Examples(c.Release.Zips, zips, state);
        var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
        var parts = new List<string>();
        foreach (var modifiers in DmeposRows(dme, c.Code))
        {
            if (!dme.TryGetAmount(c.Code, modifiers, state, rural: true, out var ruralRow) || !ruralRow.Rural
                || !dme.TryGetAmount(c.Code, modifiers, state, rural: false, out var urbanRow) || ruralZip is null || urbanZip is null)
            {
                continue; // no rural amount in the state: the non-rural amount applies everywhere
            }

            var (ruralClaim, rural) = Price(c, modifiers, beneficiaryZip: ruralZip);
            var (urbanClaim, urban) = Price(c, modifiers, beneficiaryZip: urbanZip);
            if (rural.Outcome != PriceOutcome.Priced || urban.Outcome != PriceOutcome.Priced || rural.FeeScheduleAmount != ruralRow.Amount || urban.FeeScheduleAmount != urbanRow.Amount)
            {
                continue; // priced from another file (the former CBA schedule) or not at all: not the two columns
            }

            string label = Label(c.Code, modifiers);
            amounts.Add(new InsightAmount($"{label} rural (ZIP {ruralZip})", rural.AllowedAmount, ruralClaim, 1));
            amounts.Add(new InsightAmount($"{label} non-rural (ZIP {urbanZip})", urban.AllowedAmount, urbanClaim, 1));
            parts.Add($"{label} rural {Usd(rural.AllowedAmount)}, non-rural {Usd(urban.AllowedAmount)}");
        }

        if (parts.Count == 0)
        {
            return;
        }

        string beneficiary = located is { FormerCompetitiveBiddingArea: { } cba }
            ? $"in the former competitive bidding area {cba}"
            : located is { Rural: true } ? "rural" : "non-rural";
        c.Add(Kind,
            $"In {state}, {dme.Name} pays rural ZIP codes differently: {string.Join("; ", parts)} (a line each, for ZIP codes {ruralZip} and {urbanZip}). The beneficiary's ZIP code {zip.ToString("D5", Inv)} is {beneficiary} in {zips.Name}.",
            amounts[0].Amount, amounts.ToImmutable(),
            [new InsightEvidence(dme.Name, dme.Provenance.Files.FirstOrDefault()?.Name ?? dme.Provenance.Origin, $"{c.Code} {state} (NR) and (R) columns", dme.Provenance.Files.FirstOrDefault()?.Sha256 ?? ""),
             new InsightEvidence(zips.Name, zips.Provenance.Files.FirstOrDefault()?.Name ?? zips.Provenance.Origin, $"ZIP {zip.ToString("D5", Inv)}: {(located is { } l ? $"{l.State}{(l.Rural ? " rural" : "")}{(l.FormerCompetitiveBiddingArea is { } f ? " former CBA " + f : "")}" : "not listed (non-rural)")}", zips.Provenance.Files.FirstOrDefault()?.Sha256 ?? "")],
            []);
    }

    /// <summary>The first ZIP code of the state (ZIP5 order) that is rural in the DMEPOS file, and the first that is neither rural nor in a former CBA.</summary>
    private static (string? Rural, string? NonRural) Examples(ZipLocalityTable zip5, DmeposZipFile zips, string state)
    {
        string? rural = null, urban = null;
        foreach (var row in zip5.Rows)
        {
            if (row.State != state)
            {
                continue;
            }

            if (zips.TryGet(row.Zip, out var area))
            {
                rural ??= area.Rural && area.FormerCompetitiveBiddingArea is null && area.State == state ? row.Zip.ToString("D5", Inv) : null;
            }
            else
            {
                urban ??= row.Zip.ToString("D5", Inv);
            }

            if (rural is not null && urban is not null)
            {
                break;
            }
        }

        return (rural, urban);
    }
}
