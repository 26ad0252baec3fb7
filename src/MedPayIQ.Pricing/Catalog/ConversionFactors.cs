using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// The Medicare Physician Fee Schedule conversion factors in force for a span of dates of service, in dollars per RVU
/// (four decimals). From 2026 CMS publishes two: one for qualifying APM participants (QPs) and one for everyone else.
/// </summary>
/// <param name="EffectiveFrom">First date of service.</param>
/// <param name="EffectiveThrough">Last date of service.</param>
/// <param name="NonQualifying">The conversion factor for clinicians who are not qualifying APM participants (the only one before 2026).</param>
/// <param name="Qualifying">The conversion factor for qualifying APM participants.</param>
/// <param name="AnesthesiaNonQualifying">The national anesthesia conversion factor, non-qualifying.</param>
/// <param name="AnesthesiaQualifying">The national anesthesia conversion factor, qualifying.</param>
/// <param name="Source">Where the figures come from.</param>
public sealed record ConversionFactorPeriod(
    DateOnly EffectiveFrom, DateOnly EffectiveThrough, decimal NonQualifying, decimal Qualifying,
    decimal AnesthesiaNonQualifying, decimal AnesthesiaQualifying, string Source)
{
    /// <summary>The fee schedule conversion factor for a clinician's QP status.</summary>
    public decimal For(ApmStatus status) => status == ApmStatus.QualifyingParticipant ? Qualifying : NonQualifying;

    /// <summary>As <see cref="For"/>, in whole ten-thousandths (-1 when it has more decimals): the formula's fast path.</summary>
    internal long TenThousandthsFor(bool qualifyingApmParticipant) => qualifyingApmParticipant ? _qualifyingUnits : _nonQualifyingUnits;

    private long _nonQualifyingUnits = FeeFormula.TenThousandths(NonQualifying);
    private long _qualifyingUnits = FeeFormula.TenThousandths(Qualifying);

    /// <summary>The conversion factor for clinicians who are not qualifying APM participants (the only one before 2026).</summary>
    public decimal NonQualifying
    {
        get;
        init
        {
            field = value;
            _nonQualifyingUnits = FeeFormula.TenThousandths(value);
        }
    } = NonQualifying;

    /// <summary>The conversion factor for qualifying APM participants.</summary>
    public decimal Qualifying
    {
        get;
        init
        {
            field = value;
            _qualifyingUnits = FeeFormula.TenThousandths(value);
        }
    } = Qualifying;

    /// <summary>The national anesthesia conversion factor for a clinician's QP status.</summary>
    public decimal AnesthesiaFor(ApmStatus status) => status == ApmStatus.QualifyingParticipant ? AnesthesiaQualifying : AnesthesiaNonQualifying;
}

/// <summary>Conversion factors by date of service. Data, not code: a year CMS has not finalized is absent, never guessed.</summary>
public sealed class ConversionFactorSchedule
{
    private readonly ConversionFactorPeriod[] _periods;

    /// <summary>Creates a schedule from periods that do not overlap.</summary>
    public ConversionFactorSchedule(IEnumerable<ConversionFactorPeriod> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        _periods = [.. periods.OrderBy(p => p.EffectiveFrom)];
        for (int i = 1; i < _periods.Length; i++)
        {
            if (_periods[i].EffectiveFrom <= _periods[i - 1].EffectiveThrough)
            {
                throw new ArgumentException($"Conversion factor periods overlap at {_periods[i].EffectiveFrom:yyyy-MM-dd}.", nameof(periods));
            }
        }
    }

    /// <summary>
    /// The final-rule conversion factors known to this version: CY2025 32.3465 (anesthesia 20.3178), CY2026
    /// 33.4009 non-qualifying and 33.5675 qualifying APM participant (anesthesia 20.49754 and 20.599835, as the ANES2026 header prints them).
    /// </summary>
    public static ConversionFactorSchedule Medicare { get; } = new(
    [
        new(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), 32.3465m, 32.3465m, 20.3178m, 20.3178m,
            "CY2025 PFS final rule; CONV FACTOR column of PPRRVU RVU25A and RVU25D; ANES2025.csv header"),
        new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 33.4009m, 33.5675m, 20.49754m, 20.599835m,
            "CY2026 PFS final rule (CMS-1832-F, 90 FR 49266): PPRRVU2026_Jul_nonQPP CONV FACTOR 33.4009; QP 33.5675"),
    ]);

    /// <summary>Periods by date.</summary>
    public ImmutableArray<ConversionFactorPeriod> Periods => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_periods);

    /// <summary>The period covering a date of service, if known.</summary>
    public bool TryGet(DateOnly dateOfService, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConversionFactorPeriod? period)
    {
        foreach (var p in _periods)
        {
            if (p.EffectiveFrom <= dateOfService && dateOfService <= p.EffectiveThrough)
            {
                period = p;
                return true;
            }
        }

        period = null;
        return false;
    }
}
