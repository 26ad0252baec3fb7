using MedPayIQ.Ncci;
using MedPayIQ.X12;

namespace MedPayIQ.Insights;

/// <summary>
/// Computes the "billing tips" of a HCPCS code from the loaded CMS data: what gets it denied (units limit, PTP pairs,
/// add-on rules, status), what it pays in each setting, component and surgery modifier, and how its family pays.
/// Every dollar figure is the allowed amount of a claim the <see cref="PaymentCalculator"/> priced (kept in
/// <see cref="CodeInsight.Amounts"/>), and every rate an insight states is read from the payment rule that applies it
/// (<see cref="PaymentRates"/>), so an insight never states a figure the calculator would not compute.
/// Immutable and safe to share between threads.
/// </summary>
/// <example>
/// <code>
/// var insights = new CodeInsights(new PaymentCalculator(PackagedFeeSchedules.Catalog), PackagedNcci.Catalog);
/// var report = insights.For(HcpcsCode.Parse("77321"), new InsightRequest(new DateOnly(2025, 3, 1)));
/// foreach (var insight in report.Insights) Console.WriteLine(insight.Text);
/// </code>
/// </example>
public sealed class CodeInsights
{
    private readonly PaymentCalculator _calculator;
    private readonly NcciCatalog _ncci;

    /// <summary>Creates an insight source that prices with a calculator (its releases and conversion factors) and, optionally, NCCI tables.</summary>
    /// <param name="calculator">The calculator every amount is priced with; its catalog picks the release in force.</param>
    /// <param name="ncci">The NCCI tables (PTP, MUE, add-on edits); <c>null</c>: none, and the report says so.</param>
    public CodeInsights(PaymentCalculator calculator, NcciCatalog? ncci)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        _calculator = calculator;
        _ncci = ncci ?? NcciCatalog.Empty;
    }

    /// <summary>Creates an insight source over fee schedule releases, priced by a new <see cref="PaymentCalculator"/>, and, optionally, NCCI tables.</summary>
    /// <param name="catalog">The fee schedule releases.</param>
    /// <param name="ncci">The NCCI tables (PTP, MUE, add-on edits); <c>null</c>: none, and the report says so.</param>
    /// <param name="conversionFactors">The conversion factors by date; <c>null</c>: <see cref="ConversionFactorSchedule.Medicare"/>.</param>
    public CodeInsights(FeeScheduleCatalog catalog, NcciCatalog? ncci = null, ConversionFactorSchedule? conversionFactors = null)
        : this(new PaymentCalculator(catalog ?? throw new ArgumentNullException(nameof(catalog)), conversionFactors), ncci)
    {
    }

    /// <summary>The insights about a code on a date of service, in a location and setting.</summary>
    /// <param name="hcpcs">The code.</param>
    /// <param name="request">The date of service, location and setting.</param>
    /// <exception cref="ArgumentException"><paramref name="hcpcs"/> is the default (no code).</exception>
    public CodeInsightReport For(HcpcsCode hcpcs, InsightRequest request) => For(hcpcs, request, null);

    /// <summary>The insights about a code on a date of service, in a location and setting, with what the user's own remittances say.</summary>
    /// <param name="hcpcs">The code.</param>
    /// <param name="request">The date of service, location and setting.</param>
    /// <param name="history">The denial history of the user's remittances (835s), or <c>null</c>: its insights (<see cref="InsightKind.DenialHistory"/>) come last.</param>
    /// <exception cref="ArgumentException"><paramref name="hcpcs"/> is the default (no code).</exception>
    public CodeInsightReport For(HcpcsCode hcpcs, InsightRequest request, DenialHistory? history)
    {
        if (!hcpcs.IsSome)
        {
            throw new ArgumentException("A HCPCS code is required.", nameof(hcpcs));
        }

        var catalog = _calculator.Catalog;
        var resolution = catalog.Resolve(request.DateOfService, _calculator.ReleaseSelection);
        var context = new InsightContext(hcpcs, request, resolution.Release, catalog, _calculator, _ncci) { History = history };
        foreach (var source in InsightSources.Ordered)
        {
            source.Add(context);
        }

        return new CodeInsightReport(hcpcs, request, resolution.Release, resolution.Reason, context.Insights.ToImmutable(), context.Notes.ToImmutable())
        {
            NcciTables = context.NcciTables.ToImmutable(),
        };
    }
}
