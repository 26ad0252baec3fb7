using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>
/// What the beneficiary pays of a line another Part B schedule pays: a clinical laboratory test has no deductible and
/// no coinsurance (Medicare pays all of it, shown on a claim whose deductible is unmet); a DMEPOS item and a drug have
/// the deductible, then the coinsurance (20 %, a drug's as the ASP file says). Rates are the payment rules'
/// (<see cref="PaymentRates.ScheduleCoinsuranceRate"/>, <see cref="PaymentRates.DeductibleApplies"/>), figures the calculator's.
/// </summary>
internal sealed class CostSharingSource : PartBInsightSource
{
    public override InsightKind Kind => InsightKind.CostSharing;

    protected override void Add(InsightContext c, LinePrice bare)
    {
        var first = Lines(c, bare).FirstOrDefault(l => l.Line.Outcome == PriceOutcome.Priced);
        if (first.Claim is null)
        {
            return; // no amount: nothing to share
        }

        var schedule = bare.Schedule;
        bool deductible = PaymentRates.DeductibleApplies(schedule);
        decimal rate = PaymentRates.ScheduleCoinsuranceRate(schedule);
        string rateSource = "";
        if (schedule == PaymentSchedule.PartBDrugs && Drugs(c, first.Line) is { } asp && asp.TryGet(c.Code, out var limit))
        {
            rate = limit.CoinsurancePercent / 100m; // the rule reads the file's percentage
            rateSource = $" (the Co-insurance Percentage of {asp.Name})";
        }

        // Without a deductible, the line is priced with the deductible unmet (its allowed amount still owed): none of it goes there.
        decimal? unmet = deductible ? null : first.Line.AllowedAmount;
        var (claim, line) = unmet is null ? (first.Claim, first.Line) : Price(c, first.Modifiers, deductibleRemaining: unmet);
        string label = Label(c.Code, first.Modifiers);
        var allowed = new InsightAmount($"{label} allowed", line.AllowedAmount, claim, 1);
        var paid = new InsightAmount($"{label} Medicare payment", line.MedicarePayment, claim, 1, InsightMeasure.MedicarePayment);
        var coinsurance = new InsightAmount($"{label} coinsurance", line.Coinsurance, claim, 1, InsightMeasure.Coinsurance);
        var taken = new InsightAmount($"{label} deductible", line.Deductible, claim, 1, InsightMeasure.Deductible);
        string text = deductible
            ? $"The Part B deductible applies; after it, Medicare pays {Exact(1m - rate)} and the beneficiary {Exact(rate)} coinsurance{rateSource}. {label} with the deductible met: allowed {Usd(allowed.Amount)}, coinsurance {Usd(coinsurance.Amount)}, Medicare pays {Usd(paid.Amount)}."
            : $"Medicare pays {Percent(1m - rate)} of a clinical laboratory test: no Part B deductible and no coinsurance. {label} with the deductible unmet: allowed {Usd(allowed.Amount)}, deductible {Usd(taken.Amount)}, coinsurance {Usd(coinsurance.Amount)}, Medicare pays {Usd(paid.Amount)}.";
        string source = ScheduleStep(line)?.Source ?? "";
        static string Exact(decimal share) => string.Create(Inv, $"{share * 100m:0.###}%"); // an ASP percentage has three decimals
        c.Add(Kind, text, paid.Amount, deductible ? [allowed, coinsurance, paid] : [allowed, taken, coinsurance, paid],
            [Evidence(line, label) with { Row = source }], []);
    }
}
