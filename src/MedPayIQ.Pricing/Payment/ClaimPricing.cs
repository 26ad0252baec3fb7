using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// The state of one line while its claim is priced, kept as the line's result. Money that is final is in whole cents;
/// running amounts are exact decimals, rounded once.
/// </summary>
internal struct LineState
{
    public RvuEntry[] Rows;        // the release's rows (or PaymentCalculator.NoRow)
    public int RowIndex;           // the line's row among them
    public MultipleProcedureIndicator Mult; // the row's MULT PROC and status, kept here: every claim pass reads them
    public StatusCode Status;

    public readonly ref readonly RvuEntry Row => ref Rows[RowIndex];

    public Modifier RowModifier;   // 26, TC, 53 or none
    public PriceOutcome Outcome;
    public ModifierEffect Effect;
    public bool UnknownModifier;
    public int Context;
    public PricingSetting Setting;
    public decimal Fee;            // one unit of the row, as published (rounded once)
    public decimal Amount;         // exact running amount
    public int Units;              // procedures the line counts for in ranking

    /// <summary>One unit after the line's own modifiers (share, bilateral): what ranking compares.</summary>
    public readonly decimal Unit => Units == 1 ? Amount : Amount / Units;
    public bool Bilateral;         // priced as one bilateral procedure
    public bool ByReport;          // sixth or later procedure
    public bool Anesthesia;
    public bool ChargeApplied;     // the charge was lower than the fee
    public long ChargeCents;       // the charge Medicare compares with (both sides for a bilateral pair); -1: none
    public long Allowed, Deductible, LimitingCharge; // cents; LimitingCharge -1: none
    public PriceConfidence Confidence;
    public string? ConfidenceReason;
    public LineNote Note;
    public string? NoteText;
    public int NoteLine;
}

/// <summary>A procedure (or an endoscopy family) in a day's ranking.</summary>
internal struct RankItem
{
    public decimal Value;   // per unit, or the family's total
    public long Count;      // units
    public long TieKey;     // code and modifier: equal items are interchangeable, so line order never matters
    public int Line;        // first line (the family's members carry the family id)
    public int Family;      // -1 for a lone procedure
    public MultipleProcedureIndicator Indicator;

    /// <summary>Sorts by value, highest first, then by code: an insertion sort, as a day's procedures are few.</summary>
    public static void Sort(Span<RankItem> items)
    {
        if (items.Length > 32)
        {
            items.Sort(static (a, b) => Before(a, b) ? -1 : Before(b, a) ? 1 : 0);
            return;
        }

        for (int i = 1; i < items.Length; i++)
        {
            var item = items[i];
            int j = i - 1;
            while (j >= 0 && Before(item, items[j]))
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = item;
        }
    }

    private static bool Before(in RankItem a, in RankItem b) => a.Value > b.Value || (a.Value == b.Value && a.TieKey < b.TieKey);
}

/// <summary>A growable list of adjustments shared by a claim's lines.</summary>
internal struct AdjustmentList
{
    public Adjustment[] Items;
    public int Count;
    private readonly int _first;

    public AdjustmentList(int firstCapacity)
    {
        Items = [];
        _first = Math.Max(firstCapacity, 4);
    }

    public void Add(int line, AdjustmentKind kind, decimal before, decimal after, decimal factor = 0m, decimal value = 0m, int arg = 0, int arg2 = 0)
    {
        if (Count == Items.Length)
        {
            Array.Resize(ref Items, Math.Max(Items.Length * 2, _first));
        }

        Items[Count++] = new Adjustment { Line = line, Kind = kind, Before = before, After = after, Factor = factor, Value = value, Arg = arg, Arg2 = arg2 };
    }
}

/// <summary>
/// Prices a claim: each line's row and fee, then the claim rules in a fixed order (docs/pricing.md, "Order of the
/// rules"): units; global-surgery share (54, 55, 56, 78); bilateral (50, RT+LT, two units); T status; multiple
/// procedures with endoscopy families, diagnostic imaging, cardiovascular, ophthalmology and therapy reductions;
/// assistant, co-surgeon, team; provider share; non-participation; one rounding; the charge; deductible, coinsurance,
/// sequestration; HPSA bonus.
/// </summary>
internal static class ClaimPricing
{
    private static readonly HcpcsCode Anesthesia01995 = HcpcsCode.Parse("01995");
    private static readonly HcpcsCode Anesthesia01996 = HcpcsCode.Parse("01996");
    private static readonly DateOnly SequestrationFull = new(2022, 7, 1), SequestrationHalf = new(2022, 4, 1), SequestrationPaused = new(2020, 5, 1);

    public static ClaimPrice Price(PaymentCalculator calculator, Claim claim)
    {
        var lines = claim.Lines.IsDefault ? [] : claim.Lines;
        int n = lines.Length;
        var states = new LineState[n];
        var adjustments = new AdjustmentList(n / 2);
        PricingContext[] contexts = [];
        int contextCount = 0;

        for (int i = 0; i < n; i++)
        {
            ref readonly var line = ref lines.ItemRef(i);
            ref var s = ref states[i];
            s.Context = ContextFor(calculator, claim, line.DateOfService, ref contexts, ref contextCount);
            PriceLine(claim, line, i, ref s, contexts[s.Context], ref adjustments);
        }

        Span<int> group = n <= 256 ? stackalloc int[n] : new int[n];
        for (int c = 0; c < contextCount; c++)
        {
            // The day's lines, and which rules can apply to them: a pass runs only when one of its lines is there.
            int m = 0, priced = 0;
            uint indicators = 0;
            bool injection = false, sided = false;
            for (int i = 0; i < n; i++)
            {
                ref readonly var s = ref states[i];
                if (s.Context != c)
                {
                    continue;
                }

                group[m++] = i;
                if (s.Outcome == PriceOutcome.Priced)
                {
                    priced++;
                    indicators |= s.Anesthesia ? 0u : 1u << (int)s.Mult;
                    injection |= !s.Anesthesia && s.Status == StatusCode.Injection;
                    sided |= (s.Effect & (ModifierEffect.Right | ModifierEffect.Left)) != 0;
                }
            }

            var day = group[..m];
            ref readonly var context = ref contexts[c];
            if (injection && priced > 1)
            {
                InjectionStatus(states, day, ref adjustments);
            }

            if (sided && priced > 1)
            {
                BilateralPairs(lines, states, day, ref adjustments);
            }

            const uint surgery = (1u << (int)MultipleProcedureIndicator.Standard1995) | (1u << (int)MultipleProcedureIndicator.Standard) | (1u << (int)MultipleProcedureIndicator.Endoscopy);
            const uint technical = (1u << (int)MultipleProcedureIndicator.DiagnosticImaging) | (1u << (int)MultipleProcedureIndicator.DiagnosticCardiovascular) | (1u << (int)MultipleProcedureIndicator.DiagnosticOphthalmology);
            if ((indicators & surgery) != 0)
            {
                Surgery(lines, states, day, (indicators & (1u << (int)MultipleProcedureIndicator.Endoscopy)) != 0, context, ref adjustments);
            }

            if ((indicators & technical) != 0)
            {
                TechnicalReductions(lines, states, day, context, ref adjustments);
            }

            if ((indicators & (1u << (int)MultipleProcedureIndicator.Therapy)) != 0)
            {
                Therapy(lines, states, day, context, ref adjustments);
            }
        }

        for (int i = 0; i < n; i++)
        {
            Finish(claim, lines.ItemRef(i), i, ref states[i], ref adjustments);
        }

        CostSharing(claim, lines, states);

        return new ClaimPrice(claim, states, contexts, adjustments.Items, adjustments.Count);
    }

    private static int ContextFor(PaymentCalculator calculator, Claim claim, DateOnly date, ref PricingContext[] contexts, ref int count)
    {
        for (int c = 0; c < count; c++)
        {
            if (contexts[c].DateOfService == date)
            {
                return c;
            }
        }

        var shared = calculator.ClaimContexts(date, claim.Location, claim.QualifyingApmParticipant);
        if (count == 0)
        {
            contexts = shared; // read-only from here on: a second date copies it
            return count++;
        }

        if (count == contexts.Length)
        {
            Array.Resize(ref contexts, count * 2); // a new array: the shared one is never written
        }

        contexts[count] = shared[0];
        return count++;
    }

    private static void Lower(ref LineState s, PriceConfidence confidence, string reason)
    {
        if (confidence > s.Confidence)
        {
            s.Confidence = confidence;
            s.ConfidenceReason = reason;
        }
    }

    private static void Decide(ref LineState s, PriceOutcome outcome, LineNote note, string? text = null, int noteLine = 0)
    {
        s.Outcome = outcome;
        s.Note = note;
        s.NoteText = text;
        s.NoteLine = noteLine;
        s.Amount = 0m;
        s.Units = 0;
        s.Confidence = outcome is PriceOutcome.Bundled or PriceOutcome.NotPayable ? PriceConfidence.High : PriceConfidence.Low;
        s.ConfidenceReason = outcome switch
        {
            PriceOutcome.Bundled => "bundled by a claim rule",
            PriceOutcome.NotPayable => "not payable by a claim rule",
            PriceOutcome.CarrierPriced => "by report",
            _ => "invalid line",
        };
    }

    private static Modifier RowModifier(ModifierEffect effect)
        => (effect & ModifierEffect.ProfessionalComponent) != 0 ? Modifier.ProfessionalComponent
        : (effect & ModifierEffect.TechnicalComponent) != 0 ? Modifier.TechnicalComponent
        : (effect & ModifierEffect.Discontinued53) != 0 ? Modifier.Discontinued
        : Modifier.None;

    private static void PriceLine(Claim claim, in ClaimLine line, int i, ref LineState s, in PricingContext context, ref AdjustmentList adjustments)
    {
        s.Setting = line.PlaceOfService?.Setting ?? claim.PlaceOfService?.Setting ?? claim.Setting;
        s.Effect = PaymentModifiers.Of(line.Modifiers, out s.UnknownModifier);
        s.ChargeCents = line.BilledCharge is { } charge && charge >= 0m ? Money.Cents(charge) : -1;
        s.LimitingCharge = -1;
        s.RowModifier = RowModifier(s.Effect);
        s.Outcome = PaymentCalculator.Quote(context, line.Hcpcs, s.RowModifier, s.Setting, out s.Rows, out s.RowIndex, out s.Fee);
        s.Mult = s.Row.MultipleProcedure;
        s.Status = s.Row.Status;
        if (s.Outcome == PriceOutcome.Priced)
        {
            (s.Confidence, s.ConfidenceReason) = ServicePrice.Assess(s.Row, s.Setting, context.ByZip && context.Zip.PlusFourRequired, context.Match);
        }
        else
        {
            s.Confidence = s.Outcome is PriceOutcome.Bundled or PriceOutcome.NotPayable ? PriceConfidence.High : PriceConfidence.Low;
        }

        string? invalid = line.Units < 1 ? $"units must be at least 1 (the line has {line.Units})"
            : line.AnesthesiaMinutes < 0 ? "anesthesia minutes cannot be negative"
            : line.AnesthesiaBaseUnits < 0 ? "anesthesia base units cannot be negative"
            : line.BilledCharge < 0m ? "the charge cannot be negative"
            : !line.Hcpcs.IsSome ? "the line has no HCPCS code"
            : null;
        if (invalid is not null)
        {
            Decide(ref s, PriceOutcome.InvalidLine, LineNote.InvalidLine, $"Line {i + 1}: {invalid}.");
            return;
        }

        if (PaymentModifiers.Conflict(s.Effect) is { } conflict)
        {
            Decide(ref s, PriceOutcome.InvalidModifier, LineNote.InvalidModifier, $"{line.Hcpcs}-{line.Modifiers.ToString().Replace(',', '-')}: {conflict}.");
            return;
        }

        if (s.Outcome == PriceOutcome.NotPayable && s.Status == StatusCode.Anesthesia)
        {
            PriceAnesthesia(claim, line, i, ref s, context, ref adjustments);
            return;
        }

        if (s.Outcome != PriceOutcome.Priced)
        {
            return;
        }

        ref readonly var row = ref s.Row;
        if ((s.Effect & ModifierEffect.Anesthesia) != 0)
        {
            Decide(ref s, PriceOutcome.InvalidModifier, LineNote.InvalidModifier, $"{line.Hcpcs} is not an anesthesia code (status {(char)row.Status}): AA, AD, QK, QX, QY and QZ price anesthesia only.");
            return;
        }

        s.Amount = s.Fee;
        s.Units = line.Units;

        var share = s.Effect & ModifierEffect.GlobalShare;
        if (share != 0)
        {
            decimal factor = share switch
            {
                ModifierEffect.SurgicalCareOnly54 => row.PreOperativeShare + row.IntraOperativeShare,
                ModifierEffect.PostoperativeOnly55 => row.PostOperativeShare,
                ModifierEffect.PreoperativeOnly56 => row.PreOperativeShare,
                _ => row.IntraOperativeShare,
            };
            bool split = share != ModifierEffect.ReturnToOr78;
            if ((split && row.GlobalPeriod is not (GlobalPeriod.Days10 or GlobalPeriod.Days90)) || factor == 0m)
            {
                Decide(ref s, PriceOutcome.InvalidModifier, LineNote.InvalidModifier,
                    $"{line.Hcpcs} has global period {row.GlobalPeriod} and no pre-, intra- and post-operative shares: modifiers 54, 55, 56 and 78 apply to 010 and 090 day global surgery (RVU readme, GLOB DAYS).");
                return;
            }

            adjustments.Add(i, AdjustmentKind.GlobalShare, s.Amount, s.Amount * factor, factor, 0m, (int)share);
            s.Amount *= factor;
            if (!split)
            {
                Lower(ref s, PriceConfidence.Medium, "modifier 78: intra-operative share (not confirmed in a primary text here)");
            }
        }

        bool bothSides = (s.Effect & ModifierEffect.Bilateral50) != 0
            || (s.Effect & (ModifierEffect.Right | ModifierEffect.Left)) == (ModifierEffect.Right | ModifierEffect.Left);
        var bilateral = row.BilateralSurgery;
        if (bothSides || (line.Units == 2 && bilateral is BilateralSurgeryIndicator.Adjustment150 or BilateralSurgeryIndicator.AlreadyBilateral))
        {
            if (bilateral == BilateralSurgeryIndicator.NotApplicable)
            {
                Decide(ref s, PriceOutcome.InvalidModifier, LineNote.InvalidModifier,
                    $"{line.Hcpcs} has BILAT SURG indicator 9: the bilateral concept does not apply, so it is not billed with modifier 50 or with RT and LT on one line (RVU readme).");
                return;
            }

            decimal factor = BilateralFactor(bilateral);
            adjustments.Add(i, AdjustmentKind.Bilateral, s.Amount, s.Amount * factor, factor, s.Amount, (int)bilateral);
            s.Amount *= factor;
            s.Units = 1;
            s.Bilateral = true;
            return;
        }

        if (line.Units > 1)
        {
            decimal before = s.Amount;
            s.Amount = checked(s.Amount * line.Units);
            adjustments.Add(i, AdjustmentKind.Units, before, s.Amount, line.Units, before, line.Units);
        }
    }

    private static decimal BilateralFactor(BilateralSurgeryIndicator indicator) => indicator switch
    {
        BilateralSurgeryIndicator.Adjustment150 => 1.5m,
        BilateralSurgeryIndicator.EachSide100 => 2m,
        _ => 1m,
    };

    private static void PriceAnesthesia(Claim claim, in ClaimLine line, int i, ref LineState s, in PricingContext context, ref AdjustmentList adjustments)
    {
        var release = context.Release!;
        if (context.LocationFailure is { } failure)
        {
            Decide(ref s, PriceOutcome.UnknownLocation, LineNote.Text, failure);
            return;
        }

        if ((s.Effect & (ModifierEffect.RowModifier | ModifierEffect.GlobalShare | ModifierEffect.Surgeons | ModifierEffect.Bilateral50)) != 0)
        {
            Decide(ref s, PriceOutcome.InvalidModifier, LineNote.InvalidModifier, $"{line.Hcpcs} is an anesthesia code: 26, TC, 53, 50, 54-56, 78, 80-82, AS, 62 and 66 do not apply to it.");
            return;
        }

        decimal cf;
        if (context.Locality is { } locality)
        {
            if (release.Anesthesia is null || !release.Anesthesia.TryGet(locality.Key, out cf))
            {
                Decide(ref s, PriceOutcome.UnknownLocation, LineNote.Text, release.Anesthesia is null
                    ? $"{release.Id} was loaded without an ANES file: anesthesia can be priced nationally only."
                    : $"{locality.Key} is not in {release.Id}'s ANES file.");
                return;
            }
        }
        else if (context.Period is { } period)
        {
            cf = period.AnesthesiaFor(claim.QualifyingApmParticipant);
        }
        else if (release.Anesthesia is { } table)
        {
            cf = table.National;
        }
        else
        {
            Decide(ref s, PriceOutcome.CarrierPriced, LineNote.Text, $"No anesthesia conversion factor is known for {line.DateOfService:yyyy-MM-dd}.");
            return;
        }

        bool supervision = (s.Effect & ModifierEffect.AnesthesiaSupervision) != 0;
        if (line.AnesthesiaBaseUnits is not { } baseUnits && !supervision)
        {
            Decide(ref s, PriceOutcome.InvalidLine, LineNote.InvalidLine,
                $"{line.Hcpcs} is an anesthesia code: give its base units (CMS anesthesia base units file; the RVU file has none) and the anesthesia minutes.");
            return;
        }

        int units = supervision ? 3 : line.AnesthesiaBaseUnits!.Value;
        decimal time = supervision || line.Hcpcs == Anesthesia01995 || line.Hcpcs == Anesthesia01996
            ? 0m
            : Math.Round(line.AnesthesiaMinutes / 15m, 1, MidpointRounding.AwayFromZero);
        decimal amount = (units + time) * cf;
        var anesthesia = s.Effect & ModifierEffect.Anesthesia;
        decimal share = anesthesia is ModifierEffect.AnesthesiaDirected or ModifierEffect.AnesthesiaDirectedCrna ? 0.5m : 1m;

        s.Outcome = PriceOutcome.Priced;
        s.Note = LineNote.Anesthesia;
        s.Anesthesia = true;
        s.Confidence = context.Match == ReleaseMatch.InForce ? PriceConfidence.High : PriceConfidence.Medium;
        s.ConfidenceReason = context.Match == ReleaseMatch.InForce ? "anesthesia formula, conversion factor from CMS" : "later release of the year not loaded";
        adjustments.Add(i, AdjustmentKind.Anesthesia, 0m, amount, cf, time, units);
        adjustments.Add(i, AdjustmentKind.AnesthesiaModifier, amount, amount * share, share, 0m, (int)anesthesia);
        s.Amount = amount * share;
        if (anesthesia == 0)
        {
            Lower(ref s, PriceConfidence.Medium, "no anesthesia payment modifier");
        }
    }

    private static void InjectionStatus(LineState[] states, Span<int> day, ref AdjustmentList adjustments)
    {
        int payable = -1;
        foreach (int i in day)
        {
            if (states[i].Outcome == PriceOutcome.Priced && (states[i].Anesthesia || states[i].Status != StatusCode.Injection))
            {
                payable = i;
                break;
            }
        }

        if (payable < 0)
        {
            return;
        }

        foreach (int i in day)
        {
            ref var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && !s.Anesthesia && s.Status == StatusCode.Injection)
            {
                adjustments.Add(i, AdjustmentKind.InjectionBundled, s.Amount, 0m);
                Decide(ref s, PriceOutcome.Bundled, LineNote.InjectionBundled, noteLine: payable + 1);
            }
        }
    }

    private static void BilateralPairs(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, ref AdjustmentList adjustments)
    {
        foreach (int r in day)
        {
            ref var right = ref states[r];
            if (!OneSide(right, lines[r], ModifierEffect.Right))
            {
                continue;
            }

            foreach (int l in day)
            {
                ref var left = ref states[l];
                if (!OneSide(left, lines[l], ModifierEffect.Left) || lines[l].Hcpcs != lines[r].Hcpcs || RowModifier(left.Effect) != RowModifier(right.Effect))
                {
                    continue;
                }

                var indicator = right.Row.BilateralSurgery;
                decimal factor = BilateralFactor(indicator);
                adjustments.Add(r, AdjustmentKind.BilateralPair, right.Amount, right.Amount * factor, factor, right.Amount, (int)indicator, l + 1);
                adjustments.Add(l, AdjustmentKind.BilateralOtherSide, left.Amount, 0m, 0m, 0m, (int)indicator, r + 1);
                right.Amount *= factor;
                right.Bilateral = true;
                right.ChargeCents = right.ChargeCents >= 0 && left.ChargeCents >= 0 ? right.ChargeCents + left.ChargeCents : -1;
                Decide(ref left, PriceOutcome.Bundled, LineNote.BilateralPaidOnOtherLine, noteLine: r + 1);
                break;
            }
        }
    }

    private static bool OneSide(in LineState s, in ClaimLine line, ModifierEffect side)
        => s.Outcome == PriceOutcome.Priced && !s.Anesthesia && !s.Bilateral && line.Units == 1
        && (s.Effect & (ModifierEffect.Right | ModifierEffect.Left | ModifierEffect.Bilateral50)) == side
        && s.Row.BilateralSurgery is BilateralSurgeryIndicator.NoAdjustment or BilateralSurgeryIndicator.Adjustment150 or BilateralSurgeryIndicator.AlreadyBilateral;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool Ranked(in LineState s)
        => s.Outcome == PriceOutcome.Priced && !s.Anesthesia
        && s.Mult is MultipleProcedureIndicator.Standard or MultipleProcedureIndicator.Standard1995 or MultipleProcedureIndicator.Endoscopy;

    private static long TieKey(in ClaimLine line, in LineState s) => ((long)line.Hcpcs.Packed << 16) | RowModifier(s.Effect).Packed;

    private static void Surgery(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, bool endoscopy, in PricingContext context, ref AdjustmentList adjustments)
    {
        Span<RankItem> scratch = day.Length <= 64 ? stackalloc RankItem[day.Length] : new RankItem[day.Length];

        // Endoscopy families: members (indicator 3) by base code; a billed base joins its family and is not paid.
        int items = 0;
        foreach (int i in endoscopy ? day : [])
        {
            ref var s = ref states[i];
            if (!Ranked(s) || s.Mult != MultipleProcedureIndicator.Endoscopy)
            {
                continue;
            }

            var baseCode = s.Row.EndoscopicBaseCode.IsSome ? s.Row.EndoscopicBaseCode : lines[i].Hcpcs;
            bool seen = false;
            for (int k = 0; k < items; k++)
            {
                seen |= scratch[k].Family == baseCode.Packed;
            }

            if (!seen)
            {
                scratch[items++] = new RankItem { Family = baseCode.Packed, Line = i };
            }
        }

        int families = items;
        for (int f = 0; f < families; f++)
        {
            EndoscopyFamily(lines, states, day, new HcpcsCode(scratch[f].Family), scratch[f].Line, context, ref adjustments, out decimal total, out long tie);
            scratch[f] = new RankItem { Family = scratch[f].Family, Value = total, Count = 1, TieKey = tie, Line = scratch[f].Line, Indicator = MultipleProcedureIndicator.Endoscopy };
        }

        foreach (int i in day)
        {
            ref var s = ref states[i];
            if (!Ranked(s) || s.Mult == MultipleProcedureIndicator.Endoscopy)
            {
                continue;
            }

            scratch[items++] = new RankItem
            {
                Family = -1,
                Line = i,
                Value = s.Unit,
                Count = s.Units,
                TieKey = TieKey(lines[i], s),
                Indicator = s.Mult,
            };
        }

        long procedures = 0;
        for (int k = 0; k < items; k++)
        {
            procedures += scratch[k].Count;
        }

        if (procedures < 2)
        {
            return;
        }

        var ranking = scratch[..items];
        RankItem.Sort(ranking);
        long rank = 1;
        foreach (ref readonly var item in ranking)
        {
            long first = rank, last = checked(rank + item.Count - 1);
            rank = last + 1;
            decimal factorSum = FactorSum(item.Indicator, first, last);
            if (item.Family < 0)
            {
                // A line's units are ranked one by one: its amount is one unit times the sum of their factors.
                ref var lone = ref states[item.Line];
                decimal before = lone.Amount;
                lone.Amount = item.Value * factorSum;
                Ranked(ref lone, item.Line, before, item.Count == 1 ? factorSum : 0m, first, last, procedures, ref adjustments);
                continue;
            }

            foreach (int i in day)
            {
                ref var s = ref states[i];
                if (s.Outcome == PriceOutcome.Priced && s.Mult == MultipleProcedureIndicator.Endoscopy && FamilyOf(lines[i], s) == item.Family)
                {
                    ApplyRank(ref s, i, factorSum, first, last, procedures, ref adjustments);
                }
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int FamilyOf(in ClaimLine line, in LineState s)
        => s.Row.EndoscopicBaseCode.IsSome ? s.Row.EndoscopicBaseCode.Packed : line.Hcpcs.Packed;

    private static void ApplyRank(ref LineState s, int i, decimal factor, long first, long last, long procedures, ref AdjustmentList adjustments)
    {
        decimal before = s.Amount;
        s.Amount *= factor;
        Ranked(ref s, i, before, factor, first, last, procedures, ref adjustments);
    }

    private static void Ranked(ref LineState s, int i, decimal before, decimal factor, long first, long last, long procedures, ref AdjustmentList adjustments)
    {
        adjustments.Add(i, AdjustmentKind.MultipleProcedure, before, s.Amount, first == last ? factor : 0m, procedures, (int)Math.Min(first, int.MaxValue), (int)Math.Min(last, int.MaxValue));
        if (last > 5)
        {
            s.ByReport = true;
        }
    }

    /// <summary>The sum of the multiple-procedure factors of ranks <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static decimal FactorSum(MultipleProcedureIndicator indicator, long first, long last)
    {
        if (first == last)
        {
            return first == 1 ? 1m : first == 2 || indicator != MultipleProcedureIndicator.Standard1995 ? 0.5m : 0.25m;
        }

        decimal sum = 0m;
        if (first == 1)
        {
            sum += 1m;
            first = 2;
        }

        if (last < first)
        {
            return sum;
        }

        if (indicator == MultipleProcedureIndicator.Standard1995)
        {
            if (first == 2)
            {
                sum += 0.5m;
                first = 3;
            }

            return last < first ? sum : sum + ((last - first + 1) * 0.25m);
        }

        return sum + ((last - first + 1) * 0.5m);
    }

    private static void EndoscopyFamily(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, HcpcsCode baseCode, int firstLine, in PricingContext context,
        ref AdjustmentList adjustments, out decimal total, out long tie)
    {
        ref readonly var first = ref states[firstLine];
        _ = PaymentCalculator.TryFee(context, baseCode, Modifier.None, first.Setting, out decimal baseFee);

        // The member with the highest unit value is paid in full (one unit); every other unit pays its value less the base.
        int top = -1;
        decimal topValue = 0m;
        long topTie = 0;
        foreach (int i in day)
        {
            ref readonly var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && s.Mult == MultipleProcedureIndicator.Endoscopy && FamilyOf(lines[i], s) == baseCode.Packed)
            {
                decimal unit = s.Unit;
                long key = TieKey(lines[i], s);
                if (top < 0 || unit > topValue || (unit == topValue && key < topTie))
                {
                    (top, topValue, topTie) = (i, unit, key);
                }
            }
        }

        total = 0m;
        tie = topTie;
        int members = 0;
        foreach (int i in day)
        {
            ref var s = ref states[i];
            if (s.Outcome != PriceOutcome.Priced || s.Mult != MultipleProcedureIndicator.Endoscopy || FamilyOf(lines[i], s) != baseCode.Packed)
            {
                continue;
            }

            members++;
            decimal unit = s.Unit;
            long reduced = i == top ? s.Units - 1 : s.Units;
            decimal before = s.Amount;
            if (reduced > 0)
            {
                s.Amount = (i == top ? unit : 0m) + (reduced * Math.Max(unit - baseFee, 0m));
            }

            adjustments.Add(i, AdjustmentKind.EndoscopyFamily, before, s.Amount, 0m, baseFee, baseCode.Packed, i == top && reduced == 0 ? 0 : 1);
            total += s.Amount;
        }

        // A billed base endoscopy is included in its family when a member is billed.
        foreach (int i in day)
        {
            ref var s = ref states[i];
            if (members > 0 && s.Outcome == PriceOutcome.Priced && !s.Anesthesia && lines[i].Hcpcs == baseCode
                && s.Mult != MultipleProcedureIndicator.Endoscopy && RowModifier(s.Effect) == Modifier.None)
            {
                adjustments.Add(i, AdjustmentKind.EndoscopyBase, s.Amount, 0m);
                Decide(ref s, PriceOutcome.Bundled, LineNote.EndoscopyBaseBundled, noteLine: top + 1);
            }
        }
    }

    private static void TechnicalReductions(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, in PricingContext context, ref AdjustmentList adjustments)
    {
        Span<RankItem> scratch = day.Length <= 64 ? stackalloc RankItem[day.Length] : new RankItem[day.Length];
        Span<RankItem> professional = day.Length <= 64 ? stackalloc RankItem[day.Length] : new RankItem[day.Length];
        Reduce(lines, states, day, scratch, professional, context, ref adjustments, MultipleProcedureIndicator.DiagnosticImaging, 0.5m, AdjustmentKind.ImagingTechnical, 0.05m, AdjustmentKind.ImagingProfessional);
        Reduce(lines, states, day, scratch, professional, context, ref adjustments, MultipleProcedureIndicator.DiagnosticCardiovascular, 0.25m, AdjustmentKind.CardiovascularTechnical, 0m, default);
        Reduce(lines, states, day, scratch, professional, context, ref adjustments, MultipleProcedureIndicator.DiagnosticOphthalmology, 0.2m, AdjustmentKind.OphthalmologyTechnical, 0m, default);
    }

    /// <summary>
    /// Ranks a day's technical and professional components of one indicator by fee: the first of each is paid in full,
    /// the others less <paramref name="technicalRate"/> (TC) or <paramref name="professionalRate"/> (PC).
    /// </summary>
    private static void Reduce(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, Span<RankItem> technical, Span<RankItem> professional, in PricingContext context,
        ref AdjustmentList adjustments, MultipleProcedureIndicator indicator, decimal technicalRate, AdjustmentKind technicalKind, decimal professionalRate, AdjustmentKind professionalKind)
    {
        int tcItems = 0, pcItems = 0;
        long tcTotal = 0, pcTotal = 0;
        foreach (int i in day)
        {
            ref readonly var s = ref states[i];
            if (s.Outcome != PriceOutcome.Priced || s.Anesthesia || s.Mult != indicator)
            {
                continue;
            }

            var (tc, pc) = Components(lines[i], s, context);
            long count = s.Bilateral ? (s.Row.BilateralSurgery == BilateralSurgeryIndicator.EachSide100 ? 2 : 1) : s.Units;
            long key = TieKey(lines[i], s);
            if (tc > 0m)
            {
                technical[tcItems++] = new RankItem { Line = i, Value = tc, Count = count, TieKey = key, Family = -1 };
                tcTotal += count;
            }

            if (pc > 0m && professionalRate > 0m)
            {
                professional[pcItems++] = new RankItem { Line = i, Value = pc, Count = count, TieKey = key, Family = -1 };
                pcTotal += count;
            }
        }

        if (tcTotal > 1)
        {
            Apply(states, technical[..tcItems], technicalRate, technicalKind, ref adjustments);
        }

        if (pcTotal > 1)
        {
            Apply(states, professional[..pcItems], professionalRate, professionalKind, ref adjustments);
        }
    }

    private static void Apply(LineState[] states, Span<RankItem> ranking, decimal rate, AdjustmentKind kind, ref AdjustmentList adjustments)
    {
        RankItem.Sort(ranking);
        long rank = 1;
        foreach (ref readonly var item in ranking)
        {
            long first = rank;
            rank += item.Count;
            long reduced = first == 1 ? item.Count - 1 : item.Count;
            if (reduced == 0)
            {
                continue;
            }

            ref var s = ref states[item.Line];
            decimal before = s.Amount;
            s.Amount -= reduced * item.Value * rate;
            adjustments.Add(item.Line, kind, before, s.Amount, rate, item.Value, (int)Math.Min(first == 1 ? 2 : first, int.MaxValue), (int)Math.Min(rank - 1, int.MaxValue));
        }
    }

    /// <summary>One unit's technical and professional fee: the TC or 26 row's own amount, or for a global line both rows' amounts.</summary>
    private static (decimal Technical, decimal Professional) Components(in ClaimLine line, in LineState s, in PricingContext context)
    {
        ref readonly var row = ref s.Row;
        decimal unit = s.Fee;
        if (row.Modifier == Modifier.TechnicalComponent)
        {
            return (unit, 0m);
        }

        if (row.Modifier == Modifier.ProfessionalComponent)
        {
            return (0m, unit);
        }

        switch (row.PcTc)
        {
            case PcTcIndicator.DiagnosticTest:
                return PaymentCalculator.TryFee(context, line.Hcpcs, Modifier.TechnicalComponent, s.Setting, out decimal tc)
                    && PaymentCalculator.TryFee(context, line.Hcpcs, Modifier.ProfessionalComponent, s.Setting, out decimal pc)
                    ? (tc, pc) : (unit, 0m);
            case PcTcIndicator.ProfessionalComponentOnly:
                return (0m, unit);
            case PcTcIndicator.GlobalTestOnly:
                return (0m, 0m); // its TC is another code: no row here says which
            default:
                return (unit, 0m);
        }
    }

    private static void Therapy(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, in PricingContext context, ref AdjustmentList adjustments)
    {
        Span<RankItem> scratch = day.Length <= 64 ? stackalloc RankItem[day.Length] : new RankItem[day.Length];
        int items = 0;
        long total = 0;
        foreach (int i in day)
        {
            ref readonly var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && !s.Anesthesia && s.Mult == MultipleProcedureIndicator.Therapy)
            {
                // Ranked by the practice expense the reduction takes away: the unit with the most is paid in full.
                decimal reduced = TherapyReduced(s, context);
                scratch[items++] = new RankItem { Line = i, Value = s.Fee - reduced, Count = s.Units, TieKey = TieKey(lines[i], s), Family = -1 };
                total += s.Units;
            }
        }

        if (total < 2)
        {
            return;
        }

        var ranking = scratch[..items];
        RankItem.Sort(ranking);
        bool first = true;
        foreach (ref readonly var item in ranking)
        {
            ref var s = ref states[item.Line];
            long reducedUnits = first ? item.Count - 1 : item.Count;
            first = false;
            if (reducedUnits == 0)
            {
                continue;
            }

            decimal reduced = s.Fee - item.Value;
            decimal before = s.Amount;
            s.Amount = ((item.Count - reducedUnits) * s.Fee) + (reducedUnits * reduced);
            adjustments.Add(item.Line, AdjustmentKind.Therapy, before, s.Amount, 0m, reduced, (int)Math.Min(reducedUnits, int.MaxValue), (int)Math.Min(item.Count, int.MaxValue));
        }
    }

    /// <summary>A therapy unit with 50% of its practice expense, as the PF file's therapy amounts (rounded once).</summary>
    private static decimal TherapyReduced(in LineState s, in PricingContext context)
    {
        ref readonly var row = ref s.Row;
        var gpci = context.Locality ?? Locality.National;
        int pe = s.Setting == PricingSetting.Facility ? row.FacilityPeHundredths : row.NonFacilityPeHundredths;
        return FeeFormula.TherapyReduced(row.WorkHundredths, pe, row.MpHundredths, gpci, context.ConversionFactor);
    }

    private static void Finish(Claim claim, in ClaimLine line, int i, ref LineState s, ref AdjustmentList adjustments)
    {
        if (s.Outcome != PriceOutcome.Priced)
        {
            return;
        }

        if (!s.Anesthesia)
        {
            ref readonly var row = ref s.Row;
            var surgeons = s.Effect & ModifierEffect.Surgeons;
            if ((surgeons & ModifierEffect.Assistant) != 0)
            {
                if (row.AssistantAtSurgery is AssistantAtSurgeryIndicator.NotPaid or AssistantAtSurgeryIndicator.NotApplicable)
                {
                    Decide(ref s, PriceOutcome.NotPayable, LineNote.AssistantNotPaid);
                    return;
                }

                decimal factor = surgeons == ModifierEffect.AssistantNpp ? 0.136m : 0.16m;
                adjustments.Add(i, AdjustmentKind.Assistant, s.Amount, s.Amount * factor, factor, 0m, (int)surgeons);
                s.Amount *= factor;
                if (row.AssistantAtSurgery == AssistantAtSurgeryIndicator.DocumentationRequired)
                {
                    Lower(ref s, PriceConfidence.Medium, "assistant at surgery: paid only with documentation of medical necessity");
                }
            }
            else if (surgeons == ModifierEffect.CoSurgeon62)
            {
                if (row.CoSurgeons is CoSurgeonIndicator.NotPermitted or CoSurgeonIndicator.NotApplicable)
                {
                    Decide(ref s, PriceOutcome.NotPayable, LineNote.CoSurgeonNotPermitted);
                    return;
                }

                adjustments.Add(i, AdjustmentKind.CoSurgery, s.Amount, s.Amount * 0.625m, 0.625m);
                s.Amount *= 0.625m;
                if (row.CoSurgeons == CoSurgeonIndicator.DocumentationRequired)
                {
                    Lower(ref s, PriceConfidence.Medium, "co-surgeons: paid only with documentation of medical necessity");
                }
            }
            else if (surgeons == ModifierEffect.Team66)
            {
                if (row.TeamSurgery is TeamSurgeryIndicator.NotPermitted or TeamSurgeryIndicator.NotApplicable)
                {
                    Decide(ref s, PriceOutcome.NotPayable, LineNote.Text,
                        $"{line.Hcpcs}-66: team surgeons are not paid for this procedure (RVU readme, TEAM SURG indicator {(int)row.TeamSurgery}).");
                    return;
                }

                Decide(ref s, PriceOutcome.CarrierPriced, LineNote.TeamByReport);
                return;
            }

            if ((s.Effect & (ModifierEffect.Increased22 | ModifierEffect.Reduced52)) != 0)
            {
                Lower(ref s, PriceConfidence.Low, (s.Effect & ModifierEffect.Increased22) != 0
                    ? "modifier 22: the contractor may increase the payment on review"
                    : "modifier 52: the contractor decides the reduction");
            }

            if (s.ByReport)
            {
                Lower(ref s, PriceConfidence.Low, "sixth or later procedure of the day: by report");
            }
        }

        if ((s.Effect & ModifierEffect.AssistantNpp) == 0 && claim.Provider != ProviderKind.Physician)
        {
            var share = ProviderPaymentShare.For(claim.Provider, line.DateOfService);
            if (share.Share != 1m)
            {
                adjustments.Add(i, AdjustmentKind.Provider, s.Amount, s.Amount * share.Share, share.Share, 0m, (int)claim.Provider);
                s.Amount *= share.Share;
            }

            if (!share.Confirmed)
            {
                Lower(ref s, PriceConfidence.Medium, "provider share not confirmed in a primary CMS text");
            }
        }

        if (!claim.Participating)
        {
            decimal before = s.Amount;
            s.LimitingCharge = Money.Cents(before * PaymentCalculator.LimitingChargeFactor);
            s.Amount *= PaymentCalculator.NonParticipatingShare;
            adjustments.Add(i, AdjustmentKind.NonParticipating, before, s.Amount, PaymentCalculator.NonParticipatingShare, before);
        }

        s.Allowed = Money.Cents(s.Amount);
        if (s.ChargeCents >= 0 && s.ChargeCents < s.Allowed)
        {
            s.Allowed = s.ChargeCents;
            s.ChargeApplied = true;
        }
    }

    private static void CostSharing(Claim claim, ImmutableArray<ClaimLine> lines, LineState[] states)
    {
        if (claim.DeductibleRemaining is not { } deductible || deductible <= 0m)
        {
            return;
        }

        // The deductible goes to lines in an order that does not depend on the claim's line order: by date, then the
        // larger allowed amount, then code.
        int n = states.Length;
        Span<int> order = n <= 256 ? stackalloc int[n] : new int[n];
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (states[i].Outcome == PriceOutcome.Priced)
            {
                order[m++] = i;
            }
        }

        order = order[..m];
        if (claim.DeductibleRemaining is not null && m > 1)
        {
            var keys = new (DateOnly, long, long, int)[m];
            for (int k = 0; k < m; k++)
            {
                int i = order[k];
                keys[k] = (lines[i].DateOfService, -states[i].Allowed, TieKey(lines[i], states[i]), i);
            }

            Array.Sort(keys);
            for (int k = 0; k < m; k++)
            {
                order[k] = keys[k].Item4;
            }
        }

        long remaining = Math.Max(Money.Cents(Math.Max(claim.DeductibleRemaining ?? 0m, 0m)), 0);
        foreach (int i in order)
        {
            ref var s = ref states[i];
            s.Deductible = Math.Min(remaining, s.Allowed);
            remaining -= s.Deductible;
        }

    }

    /// <summary>How a line's allowed amount splits, in cents: coinsurance (20% after the deductible), sequestration, Medicare payment.</summary>
    internal static (long Coinsurance, long Sequestration, long Payment) Split(in LineState s, Claim claim, DateOnly date)
    {
        long afterDeductible = s.Allowed - s.Deductible;
        long coinsurance = ((afterDeductible * 2) + 5) / 10; // 20%, half a cent up
        long payment = afterDeductible - coinsurance;
        long sequestration = 0;
        if (claim.ApplySequestration && SequestrationBasisPoints(date) is var bp and > 0)
        {
            sequestration = ((payment * bp) + 5_000) / 10_000;
            payment -= sequestration;
        }

        return (coinsurance, sequestration, payment);
    }

    /// <summary>The HPSA bonus of a line in cents: 10% of the Medicare payment on the professional share, for physicians in a shortage area (or with AQ).</summary>
    internal static long Bonus(in ClaimLine line, in LineState s, Claim claim, in PricingContext context, long payment, out decimal share)
    {
        share = 0m;
        if (s.Outcome != PriceOutcome.Priced || claim.Provider != ProviderKind.Physician || (!claim.InShortageArea && (s.Effect & ModifierEffect.Hpsa) == 0) || payment <= 0)
        {
            return 0;
        }

        share = ProfessionalShare(line, s, context);
        return share > 0m ? Money.Cents(Money.Dollars(payment) * 0.1m * share) : 0;
    }

    /// <summary>The share of a line that is professional: all of it, none for a TC, the 26 row's share of a global diagnostic test.</summary>
    internal static decimal ProfessionalShare(in ClaimLine line, in LineState s, in PricingContext context)
    {
        if (s.Anesthesia)
        {
            return 1m;
        }

        ref readonly var row = ref s.Row;
        if (row.Modifier == Modifier.TechnicalComponent || row.PcTc == PcTcIndicator.TechnicalComponentOnly)
        {
            return 0m;
        }

        if (row.PcTc != PcTcIndicator.DiagnosticTest || row.Modifier == Modifier.ProfessionalComponent)
        {
            return 1m;
        }

        return PaymentCalculator.TryFee(context, line.Hcpcs, Modifier.ProfessionalComponent, s.Setting, out decimal pc) && s.Fee > 0m ? Math.Min(pc / s.Fee, 1m) : 0m;
    }

    /// <summary>The sequestration of the Medicare payment in basis points on a date: 2% from 2022-07-01, 1% in 2022 Q2, none from 2020-05-01 to 2022-03-31.</summary>
    internal static int SequestrationBasisPoints(DateOnly date)
        => date >= SequestrationFull ? 200 : date >= SequestrationHalf ? 100 : date >= SequestrationPaused ? 0 : 200;
}

/// <summary>Dollars and whole cents.</summary>
internal static class Money
{
    /// <summary>Whole cents of an amount, rounded once to the cent, half away from zero.</summary>
    public static long Cents(decimal amount)
    {
        // On the decimal's own integer and scale: rounding a 64-bit mantissa takes one division, not Math.Round.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && scale <= 19)
        {
            ulong mantissa = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
            if (scale > 2)
            {
                ulong divisor = PowersOfTen[scale - 2];
                ulong quotient = mantissa / divisor;
                mantissa = quotient + ((mantissa - (quotient * divisor)) >= (divisor + 1) / 2 ? 1UL : 0UL); // half away from zero
            }
            else if (scale < 2)
            {
                mantissa = mantissa <= ulong.MaxValue / 100 ? mantissa * PowersOfTen[2 - scale] : ulong.MaxValue;
            }

            if (mantissa <= long.MaxValue)
            {
                return bits[3] < 0 ? -(long)mantissa : (long)mantissa;
            }
        }

        return decimal.ToInt64(Math.Round(amount, 2, MidpointRounding.AwayFromZero) * 100m);
    }

    private static readonly ulong[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000,
    ];

    /// <summary>Dollars of a number of cents.</summary>
    public static decimal Dollars(long cents) => new(unchecked((int)Math.Abs(cents)), unchecked((int)(Math.Abs(cents) >> 32)), 0, cents < 0, 2);
}
