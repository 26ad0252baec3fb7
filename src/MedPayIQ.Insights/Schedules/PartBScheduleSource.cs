using System.Collections.Immutable;
using static MedPayIQ.Insights.InsightText;

namespace MedPayIQ.Insights;

/// <summary>
/// The other Part B schedule that pays the code and its amount in force on the date: a clinical laboratory test's CLFS
/// rate, a DMEPOS item's amount for each of its rows (by the beneficiary's state and ZIP code), a drug's ASP payment
/// limit per billing unit; or, when the schedule gives no amount, the calculator's reason (an L-indicator test or a drug
/// without a limit is contractor priced; a DMEPOS item needs the beneficiary's ZIP code).
/// </summary>
internal sealed class PartBScheduleSource : PartBInsightSource
{
    public override InsightKind Kind => InsightKind.PartBSchedule;

    protected override void Add(InsightContext c, LinePrice bare)
    {
        var lines = Lines(c, bare);
        var priced = lines.Where(l => l.Line.Outcome == PriceOutcome.Priced).ToList();
        string name = bare.ScheduleName ?? bare.Schedule.ToString();
        if (priced.Count == 0)
        {
            // The schedule lists the code but gives no amount: the rule's own sentence says why.
            var first = lines[0].Line;
            c.Add(Kind, $"{What(bare.Schedule)}: {first.Reason}", null, [], [Evidence(first, $"{c.Code}: no amount")], []);
            return;
        }

        var amounts = priced.Select(p => new InsightAmount(Label(c.Code, p.Modifiers), p.Line.AllowedAmount, p.Claim, 1)).ToImmutableArray();
        string figures = bare.Schedule switch
        {
            PaymentSchedule.ClinicalLaboratory => $"rate {Usd(amounts[0].Amount)} per test",
            PaymentSchedule.PartBDrugs => $"payment limit {Usd(amounts[0].Amount)} per billing unit{(Drugs(c, priced[0].Line) is { } asp && asp.TryGet(c.Code, out var limit) ? $" ({limit.Dosage})" : "")}",
            _ => string.Join(", ", amounts.Select(a => $"{a.Label} {Usd(a.Amount)}")) + " per unit",
        };
        string where = bare.Schedule == PaymentSchedule.Dmepos ? $" for the beneficiary's ZIP code {BeneficiaryZipText(c)}" : "";
        string unpriced = priced.Count < lines.Count
            ? $" Not priced: {string.Join("; ", lines.Where(l => l.Line.Outcome != PriceOutcome.Priced).Select(l => $"{Label(c.Code, l.Modifiers)} ({l.Line.Outcome})"))}."
            : "";
        c.Add(Kind, $"{What(bare.Schedule)}, not the physician fee schedule: {name} on {Date(c.Date)}{where}, {figures}.{unpriced}",
            amounts[0].Amount, amounts, Distinct(priced.Select(p => Evidence(p.Line, Label(c.Code, p.Modifiers)))), []);
    }

    private static string What(PaymentSchedule schedule) => schedule switch
    {
        PaymentSchedule.ClinicalLaboratory => "A clinical laboratory test, paid on the Clinical Laboratory Fee Schedule",
        PaymentSchedule.Dmepos => "A DMEPOS item, paid on the DMEPOS fee schedule by the beneficiary's state and ZIP code",
        _ => "A Part B drug, paid at its ASP payment limit per billing unit",
    };

    /// <summary>The beneficiary's ZIP code as given (or the location's), for the text.</summary>
    internal static string BeneficiaryZipText(InsightContext c) => BeneficiaryZip(c) is { } zip and >= 0 ? zip.ToString("D5", Inv) : "(none given)";

    /// <summary>The beneficiary's five-digit ZIP code: the request's, else a ZIP code location's; <c>null</c> when neither is given.</summary>
    internal static int? BeneficiaryZip(InsightContext c)
        => c.Request.BeneficiaryZip is { } given ? PricingLocation.OfZip(given).Zip
        : c.Request.Location.Kind == PricingLocationKind.Zip ? c.Request.Location.Zip
        : null;
}
