using System.Collections.Immutable;
using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// The price of one claim line, and why: the fee of its RVU row, every claim rule applied to it in order, the allowed
/// amount (rounded once, to the cent, half away from zero), and how the allowed amount splits between Medicare and the
/// beneficiary. A view into its <see cref="ClaimPrice"/> (16 bytes): reading it allocates nothing except
/// <see cref="Reason"/>, <see cref="Steps"/> and <see cref="Warnings"/>, which are written when read.
/// </summary>
public readonly struct LinePrice
{
    private readonly ClaimPrice _owner;
    private readonly int _index;

    internal LinePrice(ClaimPrice owner, int index)
    {
        _owner = owner;
        _index = index;
    }

    private ref readonly LineState S => ref _owner.States[_index];

    /// <summary>The line number, 1 for the claim's first line.</summary>
    public int LineNumber => _index + 1;

    /// <summary>The line as billed.</summary>
    public ClaimLine Line => _owner.Claim.Lines[_index];

    /// <summary>
    /// The fee schedule price of the line's RVU row (the row of its 26, TC or 53 modifier) for one unit, before any claim
    /// rule: release, RVUs, GPCIs, conversion factor, OPPS cap. For anesthesia, the status J row.
    /// </summary>
    public ServicePrice Service => PaymentCalculator.Price(_owner.Contexts[S.Context], Line.Hcpcs, S.RowModifier, S.Setting, participating: true);

    /// <summary>What could be said about the line.</summary>
    public PriceOutcome Outcome => S.Outcome;

    /// <summary>The release used, when one covers the date of service.</summary>
    public FeeScheduleRelease? Release => _owner.Contexts[S.Context].Release;

    /// <summary>The status code of the line's RVU row, when the release has one.</summary>
    public StatusCode? Status => S.Row.Hcpcs.IsSome ? S.Row.Status : null;

    /// <summary>The fee schedule amount of one unit of the line's row, dollars; 0 unless the row is priced.</summary>
    public decimal FeeScheduleAmount => S.Fee;

    /// <summary>The amount Medicare allows for the line after every claim rule, rounded once; the lower of the charge and the fee when a charge is given.</summary>
    public decimal AllowedAmount => Money.Dollars(S.Allowed);

    /// <summary>For a non-participating provider: the most the provider may charge for the line (115% of the non-participating amount).</summary>
    public decimal? LimitingCharge => S.LimitingCharge >= 0 ? Money.Dollars(S.LimitingCharge) : null;

    /// <summary>The part of the allowed amount that goes to the beneficiary's Part B deductible (when the claim tracks it).</summary>
    public decimal Deductible => Money.Dollars(S.Deductible);

    /// <summary>The beneficiary's coinsurance: 20% of the allowed amount after the deductible.</summary>
    public decimal Coinsurance => Money.Dollars(ClaimPricing.Split(S, _owner.Claim, Line.DateOfService).Coinsurance);

    /// <summary>The sequestration taken off the Medicare payment (when the claim applies it).</summary>
    public decimal Sequestration => Money.Dollars(ClaimPricing.Split(S, _owner.Claim, Line.DateOfService).Sequestration);

    /// <summary>What Medicare pays for the line: allowed, less deductible, coinsurance and sequestration.</summary>
    public decimal MedicarePayment => Money.Dollars(ClaimPricing.Split(S, _owner.Claim, Line.DateOfService).Payment);

    /// <summary>The HPSA bonus earned by the line (10% of the Medicare payment, professional component only); paid quarterly, apart from the line.</summary>
    public decimal HpsaBonus
        => Money.Dollars(ClaimPricing.Bonus(Line, S, _owner.Claim, _owner.Contexts[S.Context], ClaimPricing.Split(S, _owner.Claim, Line.DateOfService).Payment, out _));

    /// <summary>The conversion factor used: the fee schedule's, or for anesthesia the locality's anesthesia conversion factor.</summary>
    public decimal ConversionFactor => S.Anesthesia ? AnesthesiaConversionFactor() : _owner.Contexts[S.Context].ConversionFactor;

    /// <summary>How far the line's price can be trusted.</summary>
    public PriceConfidence Confidence => S.Confidence;

    /// <summary>Why the confidence is what it is.</summary>
    public string ConfidenceReason => S.ConfidenceReason ?? Service.ConfidenceReason;

    /// <summary>A sentence for the user: what was paid, or why nothing was.</summary>
    public string Reason => S.Note switch
    {
        LineNote.None => Service.Reason,
        LineNote.InvalidLine or LineNote.InvalidModifier or LineNote.Text => S.NoteText!,
        LineNote.InjectionBundled => $"{Describe()} has status T: another fee schedule service is billed on {Line.DateOfService:yyyy-MM-dd}, so it is bundled (RVU readme, status T).",
        LineNote.EndoscopyBaseBundled => $"{Describe()} is the base endoscopy of a family billed on the same day (line {S.NoteLine}): its value is included in the family's payment (RVU readme, ENDO BASE).",
        LineNote.BilateralPaidOnOtherLine => $"{Describe()} is the other side of the bilateral procedure on line {S.NoteLine}, which carries the payment for both sides (RVU readme, BILAT SURG).",
        LineNote.TeamByReport => $"{Describe()}: team surgery is paid by report; the contractor prices it (RVU readme, TEAM SURG).",
        LineNote.AssistantNotPaid => $"{Describe()}: an assistant at surgery is not paid for this procedure (RVU readme, ASST SURG indicator {(int)S.Row.AssistantAtSurgery}).",
        LineNote.CoSurgeonNotPermitted => $"{Describe()}: co-surgeons are not paid for this procedure (RVU readme, CO-SURG indicator {(int)S.Row.CoSurgeons}).",
        LineNote.Anesthesia => $"{Describe()} priced as anesthesia from {Release!.Id}: (base units + time units) x anesthesia conversion factor.",
        _ => Service.Reason,
    };

    /// <summary>The steps applied, in order (row and fee first, then the claim rules, the rounding, the charge, cost sharing), each with its CMS source. Written when read.</summary>
    public ImmutableArray<PricingStep> Steps => BuildSteps();

    /// <summary>Things the biller should know (NA setting, documentation required, by report, unknown modifiers...). Written when read.</summary>
    public ImmutableArray<string> Warnings => BuildWarnings();

    private string Describe() => Line.Modifiers.Count > 0 ? $"{Line.Hcpcs}-{Line.Modifiers.ToString().Replace(',', '-')}" : Line.Hcpcs.ToString();

    private ImmutableArray<PricingStep> BuildSteps()
    {
        var steps = ImmutableArray.CreateBuilder<PricingStep>();
        if (S.Note != LineNote.Anesthesia)
        {
            foreach (var step in Service.Steps)
            {
                if (step.Rule != "non-participating")
                {
                    steps.Add(step);
                }
            }
        }
        else if (Release is { } release)
        {
            steps.Add(new PricingStep("release", release.InForceReason, 0m, $"{release.Id}, PPRRVU sha256 {release.RvuFileSha256}"));
        }

        for (int i = 0; i < _owner.AdjustmentCount; i++)
        {
            if (_owner.Adjustments[i].Line == _index)
            {
                steps.Add(_owner.Adjustments[i].ToStep(in this));
            }
        }

        ref readonly var s = ref S;
        if (s.Outcome != PriceOutcome.Priced)
        {
            return steps.ToImmutable();
        }

        // The money steps, from the line's results.
        decimal rounded = FeeFormula.Round(s.Amount), allowed = Money.Dollars(s.Allowed);
        if (rounded != s.Amount)
        {
            steps.Add(Step(AdjustmentKind.Rounding, s.Amount, rounded));
        }

        if (s.ChargeApplied)
        {
            steps.Add(Step(AdjustmentKind.Charge, rounded, allowed, value: allowed));
        }

        decimal afterDeductible = allowed - Deductible;
        if (s.Deductible > 0)
        {
            steps.Add(Step(AdjustmentKind.Deductible, allowed, afterDeductible, value: Deductible));
        }

        steps.Add(Step(AdjustmentKind.Coinsurance, afterDeductible, afterDeductible - Coinsurance, 0.8m, Coinsurance));
        if (Sequestration > 0m)
        {
            steps.Add(Step(AdjustmentKind.Sequestration, MedicarePayment + Sequestration, MedicarePayment,
                ClaimPricing.SequestrationBasisPoints(Line.DateOfService) / 10_000m, Sequestration));
        }

        if (HpsaBonus > 0m)
        {
            steps.Add(Step(AdjustmentKind.HpsaBonus, MedicarePayment, MedicarePayment, ClaimPricing.ProfessionalShare(Line, s, _owner.Contexts[s.Context]), HpsaBonus));
        }

        return steps.ToImmutable();
    }

    private decimal AnesthesiaConversionFactor()
    {
        for (int i = 0; i < _owner.AdjustmentCount; i++)
        {
            if (_owner.Adjustments[i].Line == _index && _owner.Adjustments[i].Kind == AdjustmentKind.Anesthesia)
            {
                return _owner.Adjustments[i].Factor;
            }
        }

        return 0m;
    }

    private PricingStep Step(AdjustmentKind kind, decimal before, decimal after, decimal factor = 0m, decimal value = 0m)
        => new Adjustment { Line = _index, Kind = kind, Before = before, After = after, Factor = factor, Value = value }.ToStep(in this);

    private ImmutableArray<string> BuildWarnings()
    {
        var warnings = ImmutableArray.CreateBuilder<string>();
        if (Outcome == PriceOutcome.Priced && S.Note != LineNote.Anesthesia)
        {
            warnings.AddRange(Service.Warnings);
        }

        if (S.UnknownModifier)
        {
            foreach (var m in Line.Modifiers)
            {
                if (PaymentModifiers.Of(m) == ModifierEffect.None)
                {
                    warnings.Add($"Modifier {m} has no payment rule in MedPayIQ: it does not change the amount.");
                }
            }
        }

        if ((S.Effect & ModifierEffect.Increased22) != 0)
        {
            warnings.Add("Modifier 22: the contractor may increase the payment on review of the documentation; the fee schedule amount is shown.");
        }

        if ((S.Effect & ModifierEffect.Reduced52) != 0)
        {
            warnings.Add("Modifier 52: the contractor reduces the payment for a reduced service; the fee schedule amount is shown.");
        }

        if ((S.Effect & ModifierEffect.PostoperativeOnly55) != 0)
        {
            warnings.Add("Modifier 55: the post-operative share is prorated by the post-operative days actually furnished; the full share is shown.");
        }

        if ((S.Effect & ModifierEffect.AnesthesiaSupervision) != 0)
        {
            warnings.Add("Modifier AD: one more unit is paid when the physician was present at induction; not included.");
        }

        if (S.Note == LineNote.Anesthesia && (S.Effect & ModifierEffect.Anesthesia) == 0)
        {
            warnings.Add("No anesthesia payment modifier (AA, AD, QK, QX, QY, QZ): priced as personally performed; Medicare requires one.");
        }

        if (Line.Units != 1 && (S.Effect & ModifierEffect.Bilateral50) != 0)
        {
            warnings.Add("Modifier 50 is billed with one unit; the line is priced as one bilateral procedure.");
        }

        if (Line.AnesthesiaMinutes > 0 && S.Note != LineNote.Anesthesia && Outcome == PriceOutcome.Priced)
        {
            warnings.Add("Anesthesia minutes are given on a line that is not an anesthesia code; they are ignored.");
        }

        var share = ProviderPaymentShare.For(_owner.Claim.Provider, Line.DateOfService);
        if (!share.Confirmed && Outcome == PriceOutcome.Priced)
        {
            warnings.Add($"The {share.Share:P0} share for {_owner.Claim.Provider} is not confirmed in a primary CMS text here ({share.Source}).");
        }

        return warnings.ToImmutable();
    }
}

/// <summary>
/// The price of a whole claim: each line, and the totals. Lines of one date of service are one provider's services to
/// one beneficiary that day.
/// </summary>
public sealed class ClaimPrice
{
    internal ClaimPrice(Claim claim, LineState[] states, PricingContext[] contexts, Adjustment[] adjustments, int adjustmentCount)
    {
        Claim = claim;
        States = states;
        Contexts = contexts;
        Adjustments = adjustments;
        AdjustmentCount = adjustmentCount;
        long allowed = 0, deductible = 0;
        foreach (ref readonly var s in states.AsSpan())
        {
            allowed += s.Allowed;
            deductible += s.Deductible;
            UnpricedLines += s.Outcome == PriceOutcome.Priced ? 0 : 1;
        }

        AllowedAmount = Money.Dollars(allowed);
        Deductible = Money.Dollars(deductible);
    }

    /// <summary>The sums of the lines' coinsurance, sequestration and Medicare payment, in cents (integer sums: computed when read).</summary>
    private (long Coinsurance, long Sequestration, long Payment) Split()
    {
        long coinsurance = 0, sequestration = 0, payment = 0;
        var lines = Claim.Lines;
        for (int i = 0; i < States.Length; i++)
        {
            var split = ClaimPricing.Split(States[i], Claim, lines.ItemRef(i).DateOfService);
            coinsurance += split.Coinsurance;
            sequestration += split.Sequestration;
            payment += split.Payment;
        }

        return (coinsurance, sequestration, payment);
    }

    internal PricingContext[] Contexts { get; }

    internal LineState[] States { get; }

    internal Adjustment[] Adjustments { get; }

    internal int AdjustmentCount { get; }

    /// <summary>The claim priced.</summary>
    public Claim Claim { get; }

    /// <summary>Each line's price, in claim order (views into this result, made when first read).</summary>
    public ImmutableArray<LinePrice> Lines
    {
        get
        {
            if (_lines.IsDefault)
            {
                var lines = new LinePrice[States.Length];
                for (int i = 0; i < lines.Length; i++)
                {
                    lines[i] = new LinePrice(this, i);
                }

                _lines = System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(lines); // a race makes equal arrays
            }

            return _lines;
        }
    }

    private ImmutableArray<LinePrice> _lines;

    /// <summary>Sum of the lines' allowed amounts, dollars.</summary>
    public decimal AllowedAmount { get; }

    /// <summary>Sum of the deductible applied.</summary>
    public decimal Deductible { get; }

    /// <summary>Sum of the coinsurance.</summary>
    public decimal Coinsurance => Money.Dollars(Split().Coinsurance);

    /// <summary>Sum of the sequestration.</summary>
    public decimal Sequestration => Money.Dollars(Split().Sequestration);

    /// <summary>Sum of the Medicare payments.</summary>
    public decimal MedicarePayment => Money.Dollars(Split().Payment);

    /// <summary>Sum of the HPSA bonuses (paid quarterly, apart from the claim).</summary>
    public decimal HpsaBonus
    {
        get
        {
            if (Claim.Provider != ProviderKind.Physician)
            {
                return 0m;
            }

            decimal total = 0m;
            foreach (var line in Lines)
            {
                total += line.HpsaBonus;
            }

            return total;
        }
    }

    /// <summary>Lines whose outcome is not <see cref="PriceOutcome.Priced"/> (carrier priced, bundled, not payable, unknown, invalid).</summary>
    public int UnpricedLines { get; }
}

/// <summary>Why a line's outcome was decided at the claim level.</summary>
internal enum LineNote : byte
{
    None,
    Text,
    InvalidLine,
    InvalidModifier,
    InjectionBundled,
    EndoscopyBaseBundled,
    BilateralPaidOnOtherLine,
    TeamByReport,
    AssistantNotPaid,
    CoSurgeonNotPermitted,
    Anesthesia,
}

/// <summary>A claim rule applied to a line.</summary>
internal enum AdjustmentKind : byte
{
    Units,
    GlobalShare,
    Bilateral,
    BilateralPair,
    BilateralOtherSide,
    EndoscopyFamily,
    EndoscopyBase,
    MultipleProcedure,
    ImagingTechnical,
    ImagingProfessional,
    CardiovascularTechnical,
    OphthalmologyTechnical,
    Therapy,
    Assistant,
    CoSurgery,
    Provider,
    NonParticipating,
    Rounding,
    Charge,
    Anesthesia,
    AnesthesiaModifier,
    Deductible,
    Coinsurance,
    Sequestration,
    HpsaBonus,
    InjectionBundled,
}

/// <summary>One rule applied to one line: written when the price is computed, turned into text only when read.</summary>
internal struct Adjustment
{
    public int Line;
    public AdjustmentKind Kind;
    public int Arg, Arg2;
    public decimal Factor, Before, After, Value;

    public readonly PricingStep ToStep(in LinePrice price)
    {
        var inv = CultureInfo.InvariantCulture;
        decimal? factor = Factor == 0m && Kind is not (AdjustmentKind.GlobalShare or AdjustmentKind.Provider) ? null : Factor;
        (string rule, string detail, string source) = Kind switch
        {
            AdjustmentKind.Units => ("units", string.Create(inv, $"{Arg} units x {Value}"), "RVU readme: the fee schedule amount is per unit of service"),
            AdjustmentKind.GlobalShare => ("global surgery share", string.Create(inv, $"modifier {GlobalShareModifier(Arg)}: {Factor} of the global package ({GlobalShareParts(Arg)})"),
                Arg == (int)ModifierEffect.ReturnToOr78
                    ? "Claims Processing Manual ch. 12 section 40.4: a return to the operating room for a complication pays the intra-operative share (rules.md A9: not confirmed here)"
                    : "RVU readme, PRE OP / INTRA OP / POST OP columns; Claims Processing Manual ch. 12 section 40.4 (split global care)"),
            AdjustmentKind.Bilateral => ("bilateral", string.Create(inv, $"BILAT SURG indicator {Arg}: {Factor:P0} of one side's fee {Value}"), "RVU readme, BILAT SURG (modifier 50)"),
            AdjustmentKind.BilateralPair => ("bilateral", string.Create(inv, $"with line {Arg2} (the other side), BILAT SURG indicator {Arg}: {Factor:P0} of one side's fee {Value}, paid on this line"), "RVU readme, BILAT SURG (RT and LT)"),
            AdjustmentKind.BilateralOtherSide => ("bilateral", string.Create(inv, $"the other side of line {Arg2}: paid there"), "RVU readme, BILAT SURG (RT and LT)"),
            AdjustmentKind.EndoscopyFamily => ("endoscopy family", string.Create(inv, $"family of base {new HcpcsCode(Arg)}: {(Arg2 == 0 ? "the highest valued endoscopy, paid in full" : string.Create(inv, $"this endoscopy less the base endoscopy's fee {Value}"))}"),
                "RVU readme, MULT PROC 3 and ENDO BASE; Claims Processing Manual ch. 12 section 40.6 (endoscopy family)"),
            AdjustmentKind.EndoscopyBase => ("endoscopy family", string.Create(inv, $"base endoscopy billed with its family: not paid separately"), "RVU readme, MULT PROC 3 and ENDO BASE"),
            AdjustmentKind.MultipleProcedure => ("multiple procedures", string.Create(inv, $"ranked {Ranks()} of {Value:0} procedures that day by fee: {(Factor == 0m ? "100% for the first, 50% for the second to fifth" : string.Create(inv, $"{Factor:0.##%}"))}{(Arg > 5 || Arg2 > 5 ? "; sixth and later: by report, 50% shown" : "")}"),
                "RVU readme, MULT PROC indicator 2: 100%, 50%, 50%, 50%, 50%, then by report"),
            AdjustmentKind.ImagingTechnical => ("imaging multiple procedures (TC)", string.Create(inv, $"technical component ranked {Ranks()} by TC fee: 50% off {Value}"), "RVU readme, MULT PROC indicator 4: 50% of the TC of the second and later imaging services (from 2010-07-01)"),
            AdjustmentKind.ImagingProfessional => ("imaging multiple procedures (PC)", string.Create(inv, $"professional component ranked {Ranks()} by PC fee: 5% off {Value}"), "RVU readme, MULT PROC indicator 4: 5% of the PC of the second and later imaging services (from 2017-01-01)"),
            AdjustmentKind.CardiovascularTechnical => ("cardiovascular multiple procedures (TC)", string.Create(inv, $"technical component ranked {Ranks()} by TC fee: 25% off {Value}"), "RVU readme, MULT PROC indicator 6: 25% of the TC of the second and later (from 2013-01-01)"),
            AdjustmentKind.OphthalmologyTechnical => ("ophthalmology multiple procedures (TC)", string.Create(inv, $"technical component ranked {Ranks()} by TC fee: 20% off {Value}"), "RVU readme, MULT PROC indicator 7: 20% of the TC of the second and later (from 2013-01-01)"),
            AdjustmentKind.Therapy => ("therapy multiple procedures", string.Create(inv, $"{Arg} of {Arg2} units at {Value} (50% of the practice expense): not the day's unit with the highest practice expense"), "RVU readme, MULT PROC indicator 5: 50% of the PE of the second and later units and services; PF file therapy amounts"),
            AdjustmentKind.Assistant => ("assistant at surgery", Arg == (int)ModifierEffect.AssistantNpp ? string.Create(inv, $"AS: 85% of 16% = {Factor:0.0%}") : string.Create(inv, $"modifier {AssistantModifier(Arg)}: {Factor:0%}"),
                "Claims Processing Manual ch. 12 section 20.4.3; 16% of the fee schedule amount (MPFSDB); AS 85% of that (42 CFR 414.56(c))"),
            AdjustmentKind.CoSurgery => ("co-surgery", string.Create(inv, $"modifier 62: {Factor:0.0%} (125% split between two surgeons)"), "Claims Processing Manual ch. 12 section 40.8; RVU readme, CO-SURG"),
            AdjustmentKind.Provider => ("provider", string.Create(inv, $"{(ProviderKind)Arg}: {Factor:0.##%}"), ProviderPaymentShare.For((ProviderKind)Arg, price.Line.DateOfService).Source),
            AdjustmentKind.NonParticipating => ("non-participating", string.Create(inv, $"95%; limiting charge {Value} x 1.0925 = {price.LimitingCharge}"), "RVU readme: non-participating 95%; limiting charge 115% of that (fee x 1.0925)"),
            AdjustmentKind.Rounding => ("rounding", string.Create(inv, $"{Before} to the cent, half away from zero, once"), "CMS payment formula, rounded once at the end (rules.md A1)"),
            AdjustmentKind.Charge => ("charge", string.Create(inv, $"the charge {Value} is lower than the fee: Medicare allows the charge"), "RVU readme: payment is the lower of the actual charge and the fee schedule amount"),
            AdjustmentKind.Anesthesia => ("anesthesia", string.Create(inv, $"({Arg} base units + {Value} time units) x anesthesia conversion factor {Factor}"),
                "Claims Processing Manual ch. 12 section 50: time units are minutes / 15 to one decimal (none for 01995/01996); anesthesia CF from the ANES file (locality) or the final rule (national)"),
            AdjustmentKind.AnesthesiaModifier => ("anesthesia modifier", AnesthesiaDetail(), "Claims Processing Manual ch. 12 section 50: AA, QZ 100%; QK, QY, QX 50% (medical direction); AD 3 base units"),
            AdjustmentKind.Deductible => ("deductible", string.Create(inv, $"{Value} of the allowed amount goes to the Part B deductible"), "42 CFR 410.160 (Part B deductible; 2025 $257, 2026 $283)"),
            AdjustmentKind.Coinsurance => ("coinsurance", string.Create(inv, $"20% of {Before}: {Value} is the beneficiary's; Medicare pays 80%"), "42 CFR 410.152 (80% of the allowed amount after the deductible)"),
            AdjustmentKind.Sequestration => ("sequestration", string.Create(inv, $"{Factor:0%} of the Medicare payment: {Value}"), "Budget Control Act of 2011 sequestration: 2% of the Medicare payment from 2022-07-01 (CARC 253)"),
            AdjustmentKind.HpsaBonus => ("HPSA bonus", string.Create(inv, $"10% of the Medicare payment{(Factor != 1m ? string.Create(inv, $" on the professional component's share {Factor:0.####}") : "")}: {Value}, paid quarterly apart from the claim"), "CMS HPSA physician bonus program: 10% of the amount paid, professional component only"),
            AdjustmentKind.InjectionBundled => ("status T", "another fee schedule service that day: bundled", "RVU readme, status T"),
            _ => (Kind.ToString(), string.Empty, string.Empty),
        };

        return new PricingStep(rule, detail, After, source) { Factor = factor, AmountBefore = Before };
    }

    private readonly string Ranks() => Arg == Arg2 ? Arg.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Arg}-{Arg2}");

    private readonly string AnesthesiaDetail() => (ModifierEffect)Arg switch
    {
        ModifierEffect.AnesthesiaPersonal => "AA, personally performed: 100%",
        ModifierEffect.AnesthesiaCrnaAlone => "QZ, CRNA without medical direction: 100%",
        ModifierEffect.AnesthesiaDirected => "QK/QY, medical direction: 50%",
        ModifierEffect.AnesthesiaDirectedCrna => "QX, CRNA under medical direction: 50%",
        ModifierEffect.AnesthesiaSupervision => "AD, medical supervision of more than four cases: 3 base units, no time units",
        _ => "no anesthesia modifier: 100%",
    };

    private static string GlobalShareModifier(int effect) => (ModifierEffect)effect switch
    {
        ModifierEffect.SurgicalCareOnly54 => "54",
        ModifierEffect.PostoperativeOnly55 => "55",
        ModifierEffect.PreoperativeOnly56 => "56",
        _ => "78",
    };

    private static string GlobalShareParts(int effect) => (ModifierEffect)effect switch
    {
        ModifierEffect.SurgicalCareOnly54 => "pre-operative + intra-operative",
        ModifierEffect.PostoperativeOnly55 => "post-operative",
        ModifierEffect.PreoperativeOnly56 => "pre-operative",
        _ => "intra-operative",
    };

    private static string AssistantModifier(int effect) => (ModifierEffect)effect switch
    {
        ModifierEffect.Assistant80 => "80",
        ModifierEffect.Assistant81 => "81",
        _ => "82",
    };
}
