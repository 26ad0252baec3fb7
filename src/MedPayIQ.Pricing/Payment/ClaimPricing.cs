using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>The working state of one line while its claim is priced.</summary>
internal struct LineState
{
    public ServicePrice Service;
    public PriceOutcome Outcome;
    public ModifierEffect Effect;
    public bool UnknownModifier;
    public int Context;
    public PricingSetting Setting;
    public decimal Fee;            // one unit of the row, as published (rounded once)
    public decimal Amount;         // exact running amount
    public long Units;             // procedures the line counts for in ranking
    public bool Bilateral;         // priced as one bilateral procedure
    public bool ByReport;          // sixth or later procedure
    public decimal? Charge;        // the charge Medicare compares with (both sides for a bilateral pair)
    public decimal Allowed, Deductible, Coinsurance, Sequestration, Payment, HpsaBonus;
    public decimal? LimitingCharge;
    public decimal ConversionFactor;
    public PriceConfidence Confidence;
    public string? ConfidenceReason;
    public LineNote Note;
    public string? NoteText;
    public int NoteLine;
    public bool Anesthesia;
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

    public static int Descending(RankItem a, RankItem b)
    {
        int c = b.Value.CompareTo(a.Value);
        return c != 0 ? c : a.TieKey.CompareTo(b.TieKey);
    }
}

/// <summary>A growable list of adjustments shared by a claim's lines.</summary>
internal struct AdjustmentList
{
    public Adjustment[] Items;
    public int Count;

    public AdjustmentList(int capacity) => Items = new Adjustment[Math.Max(capacity, 4)];

    public void Add(int line, AdjustmentKind kind, decimal before, decimal after, decimal factor = 0m, decimal value = 0m, int arg = 0, int arg2 = 0)
    {
        if (Count == Items.Length)
        {
            Array.Resize(ref Items, Items.Length * 2);
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
        var adjustments = new AdjustmentList(n * 3);
        var contexts = new PricingContext[Math.Clamp(n, 1, 4)];
        int contextCount = 0;

        for (int i = 0; i < n; i++)
        {
            ref readonly var line = ref lines.ItemRef(i);
            ref var s = ref states[i];
            s.Context = ContextFor(calculator, claim, line.DateOfService, ref contexts, ref contextCount);
            PriceLine(claim, line, i, ref s, contexts[s.Context], ref adjustments);
        }

        var group = new int[n];
        var items = new RankItem[n];
        for (int c = 0; c < contextCount; c++)
        {
            int m = 0;
            for (int i = 0; i < n; i++)
            {
                if (states[i].Context == c)
                {
                    group[m++] = i;
                }
            }

            var day = group.AsSpan(0, m);
            ref readonly var context = ref contexts[c];
            InjectionStatus(states, day, ref adjustments);
            BilateralPairs(lines, states, day, ref adjustments);
            Surgery(lines, states, day, items, context, ref adjustments);
            TechnicalReductions(lines, states, day, items, context, ref adjustments);
            Therapy(lines, states, day, items, context, ref adjustments);
        }

        for (int i = 0; i < n; i++)
        {
            Finish(claim, lines.ItemRef(i), i, ref states[i], ref adjustments);
        }

        CostSharing(claim, lines, states, contexts, ref adjustments);

        var prices = new LinePrice[n];
        for (int i = 0; i < n; i++)
        {
            prices[i] = new LinePrice(i + 1, lines.ItemRef(i), states[i], claim.Provider, adjustments.Items, adjustments.Count);
        }

        return new ClaimPrice(claim, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(prices));
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

        if (count == contexts.Length)
        {
            Array.Resize(ref contexts, count * 2);
        }

        contexts[count] = calculator.Context(date, claim.Location, claim.QualifyingApmParticipant);
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
        s.Charge = line.BilledCharge;
        s.Service = PaymentCalculator.Price(context, line.Hcpcs, RowModifier(s.Effect), s.Setting, participating: true);
        s.Outcome = s.Service.Outcome;
        s.Confidence = s.Service.Confidence;
        s.ConversionFactor = s.Service.ConversionFactor;

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

        if (s.Outcome == PriceOutcome.NotPayable && s.Service.Rvus is { Status: StatusCode.Anesthesia })
        {
            PriceAnesthesia(claim, line, i, ref s, context, ref adjustments);
            return;
        }

        if (s.Outcome != PriceOutcome.Priced)
        {
            return;
        }

        var row = s.Service.Row;
        if ((s.Effect & ModifierEffect.Anesthesia) != 0)
        {
            Decide(ref s, PriceOutcome.InvalidModifier, LineNote.InvalidModifier, $"{line.Hcpcs} is not an anesthesia code (status {(char)row.Status}): AA, AD, QK, QX, QY and QZ price anesthesia only.");
            return;
        }

        s.Fee = s.Service.FeeScheduleAmount;
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
        s.ConversionFactor = cf;
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
            if (states[i].Outcome == PriceOutcome.Priced && (states[i].Anesthesia || states[i].Service.Row.Status != StatusCode.Injection))
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
            if (s.Outcome == PriceOutcome.Priced && !s.Anesthesia && s.Service.Row.Status == StatusCode.Injection)
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

                var indicator = right.Service.Row.BilateralSurgery;
                decimal factor = BilateralFactor(indicator);
                adjustments.Add(r, AdjustmentKind.BilateralPair, right.Amount, right.Amount * factor, factor, right.Amount, (int)indicator, l + 1);
                adjustments.Add(l, AdjustmentKind.BilateralOtherSide, left.Amount, 0m, 0m, 0m, (int)indicator, r + 1);
                right.Amount *= factor;
                right.Bilateral = true;
                right.Charge = right.Charge is { } a && left.Charge is { } b ? a + b : null;
                Decide(ref left, PriceOutcome.Bundled, LineNote.BilateralPaidOnOtherLine, noteLine: r + 1);
                break;
            }
        }
    }

    private static bool OneSide(in LineState s, in ClaimLine line, ModifierEffect side)
        => s.Outcome == PriceOutcome.Priced && !s.Anesthesia && !s.Bilateral && line.Units == 1
        && (s.Effect & (ModifierEffect.Right | ModifierEffect.Left | ModifierEffect.Bilateral50)) == side
        && s.Service.Row.BilateralSurgery is BilateralSurgeryIndicator.NoAdjustment or BilateralSurgeryIndicator.Adjustment150 or BilateralSurgeryIndicator.AlreadyBilateral;

    private static bool Ranked(in LineState s)
        => s.Outcome == PriceOutcome.Priced && !s.Anesthesia
        && s.Service.Row.MultipleProcedure is MultipleProcedureIndicator.Standard or MultipleProcedureIndicator.Standard1995 or MultipleProcedureIndicator.Endoscopy;

    private static long TieKey(in ClaimLine line, in LineState s) => ((long)line.Hcpcs.Packed << 16) | RowModifier(s.Effect).Packed;

    private static void Surgery(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, RankItem[] scratch, in PricingContext context, ref AdjustmentList adjustments)
    {
        int count = 0;
        foreach (int i in day)
        {
            if (Ranked(states[i]))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return;
        }

        // Endoscopy families: members (indicator 3) by base code; a billed base joins its family and is not paid.
        int items = 0;
        foreach (int i in day)
        {
            ref var s = ref states[i];
            if (!Ranked(s) || s.Service.Row.MultipleProcedure != MultipleProcedureIndicator.Endoscopy)
            {
                continue;
            }

            var baseCode = s.Service.Row.EndoscopicBaseCode.IsSome ? s.Service.Row.EndoscopicBaseCode : lines[i].Hcpcs;
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
            if (!Ranked(s) || s.Service.Row.MultipleProcedure == MultipleProcedureIndicator.Endoscopy)
            {
                continue;
            }

            scratch[items++] = new RankItem
            {
                Family = -1,
                Line = i,
                Value = s.Amount / s.Units,
                Count = s.Units,
                TieKey = TieKey(lines[i], s),
                Indicator = s.Service.Row.MultipleProcedure,
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

        var ranking = scratch.AsSpan(0, items);
        ranking.Sort(RankItem.Descending);
        long rank = 1;
        foreach (ref readonly var item in ranking)
        {
            long first = rank, last = checked(rank + item.Count - 1);
            rank = last + 1;
            decimal factorSum = FactorSum(item.Indicator, first, last);
            if (item.Family < 0)
            {
                ApplyRank(ref states[item.Line], item.Line, factorSum / item.Count, first, last, procedures, ref adjustments);
                continue;
            }

            foreach (int i in day)
            {
                ref var s = ref states[i];
                if (s.Outcome == PriceOutcome.Priced && s.Service.Row.MultipleProcedure == MultipleProcedureIndicator.Endoscopy && FamilyOf(lines[i], s) == item.Family)
                {
                    ApplyRank(ref s, i, factorSum, first, last, procedures, ref adjustments);
                }
            }
        }
    }

    private static int FamilyOf(in ClaimLine line, in LineState s)
        => s.Service.Row.EndoscopicBaseCode.IsSome ? s.Service.Row.EndoscopicBaseCode.Packed : line.Hcpcs.Packed;

    private static void ApplyRank(ref LineState s, int i, decimal factor, long first, long last, long procedures, ref AdjustmentList adjustments)
    {
        decimal before = s.Amount;
        s.Amount *= factor;
        adjustments.Add(i, AdjustmentKind.MultipleProcedure, before, s.Amount, first == last ? factor : 0m, procedures, (int)Math.Min(first, int.MaxValue), (int)Math.Min(last, int.MaxValue));
        if (last > 5)
        {
            s.ByReport = true;
        }
    }

    /// <summary>The sum of the multiple-procedure factors of ranks <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static decimal FactorSum(MultipleProcedureIndicator indicator, long first, long last)
    {
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
        var basePrice = PaymentCalculator.Price(context, baseCode, Modifier.None, first.Setting, participating: true);
        decimal baseFee = basePrice.Outcome == PriceOutcome.Priced ? basePrice.FeeScheduleAmount : 0m;

        // The member with the highest unit value is paid in full (one unit); every other unit pays its value less the base.
        int top = -1;
        decimal topValue = 0m;
        long topTie = 0;
        foreach (int i in day)
        {
            ref readonly var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && s.Service.Row.MultipleProcedure == MultipleProcedureIndicator.Endoscopy && FamilyOf(lines[i], s) == baseCode.Packed)
            {
                decimal unit = s.Amount / s.Units;
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
            if (s.Outcome != PriceOutcome.Priced || s.Service.Row.MultipleProcedure != MultipleProcedureIndicator.Endoscopy || FamilyOf(lines[i], s) != baseCode.Packed)
            {
                continue;
            }

            members++;
            decimal unit = s.Amount / s.Units;
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
                && s.Service.Row.MultipleProcedure != MultipleProcedureIndicator.Endoscopy && RowModifier(s.Effect) == Modifier.None)
            {
                adjustments.Add(i, AdjustmentKind.EndoscopyBase, s.Amount, 0m);
                Decide(ref s, PriceOutcome.Bundled, LineNote.EndoscopyBaseBundled, noteLine: top + 1);
            }
        }
    }

    private static void TechnicalReductions(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, RankItem[] scratch, in PricingContext context, ref AdjustmentList adjustments)
    {
        Reduce(lines, states, day, scratch, context, ref adjustments, MultipleProcedureIndicator.DiagnosticImaging, technical: true, 0.5m, AdjustmentKind.ImagingTechnical);
        Reduce(lines, states, day, scratch, context, ref adjustments, MultipleProcedureIndicator.DiagnosticImaging, technical: false, 0.05m, AdjustmentKind.ImagingProfessional);
        Reduce(lines, states, day, scratch, context, ref adjustments, MultipleProcedureIndicator.DiagnosticCardiovascular, technical: true, 0.25m, AdjustmentKind.CardiovascularTechnical);
        Reduce(lines, states, day, scratch, context, ref adjustments, MultipleProcedureIndicator.DiagnosticOphthalmology, technical: true, 0.2m, AdjustmentKind.OphthalmologyTechnical);
    }

    /// <summary>Ranks a day's technical (or professional) components of one indicator by fee; the first is paid in full, the others less <paramref name="rate"/>.</summary>
    private static void Reduce(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, RankItem[] scratch, in PricingContext context, ref AdjustmentList adjustments,
        MultipleProcedureIndicator indicator, bool technical, decimal rate, AdjustmentKind kind)
    {
        int items = 0;
        long total = 0;
        foreach (int i in day)
        {
            ref readonly var s = ref states[i];
            if (s.Outcome != PriceOutcome.Priced || s.Anesthesia || s.Service.Row.MultipleProcedure != indicator)
            {
                continue;
            }

            var (tc, pc) = Components(lines[i], s, context);
            decimal part = technical ? tc : pc;
            if (part == 0m)
            {
                continue;
            }

            long count = s.Bilateral ? (s.Service.Row.BilateralSurgery == BilateralSurgeryIndicator.EachSide100 ? 2 : 1) : s.Units;
            scratch[items++] = new RankItem { Line = i, Value = part, Count = count, TieKey = TieKey(lines[i], s), Family = -1 };
            total += count;
        }

        if (total < 2)
        {
            return;
        }

        var ranking = scratch.AsSpan(0, items);
        ranking.Sort(RankItem.Descending);
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
        var row = s.Service.Row;
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
                var tc = PaymentCalculator.Price(context, line.Hcpcs, Modifier.TechnicalComponent, s.Setting, participating: true);
                var pc = PaymentCalculator.Price(context, line.Hcpcs, Modifier.ProfessionalComponent, s.Setting, participating: true);
                return tc.Outcome == PriceOutcome.Priced && pc.Outcome == PriceOutcome.Priced ? (tc.FeeScheduleAmount, pc.FeeScheduleAmount) : (unit, 0m);
            case PcTcIndicator.ProfessionalComponentOnly:
                return (0m, unit);
            default:
                return (unit, 0m);
        }
    }

    private static void Therapy(ImmutableArray<ClaimLine> lines, LineState[] states, Span<int> day, RankItem[] scratch, in PricingContext context, ref AdjustmentList adjustments)
    {
        int items = 0;
        long total = 0;
        foreach (int i in day)
        {
            ref readonly var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && !s.Anesthesia && s.Service.Row.MultipleProcedure == MultipleProcedureIndicator.Therapy)
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

        var ranking = scratch.AsSpan(0, items);
        ranking.Sort(RankItem.Descending);
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
        var row = s.Service.Row;
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
            var row = s.Service.Row;
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

        if ((s.Effect & ModifierEffect.AssistantNpp) == 0)
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
            s.LimitingCharge = FeeFormula.Round(before * PaymentCalculator.LimitingChargeFactor);
            s.Amount *= PaymentCalculator.NonParticipatingShare;
            adjustments.Add(i, AdjustmentKind.NonParticipating, before, s.Amount, PaymentCalculator.NonParticipatingShare, before);
        }

        s.Allowed = FeeFormula.Round(s.Amount);
        if (s.Allowed != s.Amount)
        {
            adjustments.Add(i, AdjustmentKind.Rounding, s.Amount, s.Allowed);
        }

        if (s.Charge is { } charge && charge < s.Allowed)
        {
            adjustments.Add(i, AdjustmentKind.Charge, s.Allowed, charge, 0m, charge);
            s.Allowed = charge;
        }
    }

    private static void CostSharing(Claim claim, ImmutableArray<ClaimLine> lines, LineState[] states, PricingContext[] contexts, ref AdjustmentList adjustments)
    {
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
            var keys = new (DateOnly, decimal, long, int)[m];
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

        decimal remaining = Math.Max(claim.DeductibleRemaining ?? 0m, 0m);
        foreach (int i in order)
        {
            ref var s = ref states[i];
            decimal allowed = s.Allowed;
            s.Deductible = Math.Min(remaining, allowed);
            remaining -= s.Deductible;
            if (s.Deductible > 0m)
            {
                adjustments.Add(i, AdjustmentKind.Deductible, allowed, allowed - s.Deductible, 0m, s.Deductible);
            }

            decimal afterDeductible = allowed - s.Deductible;
            s.Coinsurance = FeeFormula.Round(afterDeductible * 0.2m);
            s.Payment = afterDeductible - s.Coinsurance;
            adjustments.Add(i, AdjustmentKind.Coinsurance, afterDeductible, s.Payment, 0.8m, s.Coinsurance);

            decimal rate = claim.ApplySequestration ? SequestrationRate(lines[i].DateOfService) : 0m;
            if (rate > 0m)
            {
                s.Sequestration = FeeFormula.Round(s.Payment * rate);
                adjustments.Add(i, AdjustmentKind.Sequestration, s.Payment, s.Payment - s.Sequestration, rate, s.Sequestration);
                s.Payment -= s.Sequestration;
            }

            if (claim.Provider == ProviderKind.Physician && (claim.InShortageArea || (s.Effect & ModifierEffect.Hpsa) != 0) && s.Payment > 0m)
            {
                decimal share = ProfessionalShare(lines[i], s, contexts[s.Context]);
                if (share > 0m)
                {
                    s.HpsaBonus = FeeFormula.Round(s.Payment * 0.1m * share);
                    adjustments.Add(i, AdjustmentKind.HpsaBonus, s.Payment, s.Payment, share, s.HpsaBonus);
                }
            }
        }
    }

    /// <summary>The share of a line that is professional: all of it, none for a TC, the 26 row's share of a global diagnostic test.</summary>
    private static decimal ProfessionalShare(in ClaimLine line, in LineState s, in PricingContext context)
    {
        if (s.Anesthesia)
        {
            return 1m;
        }

        var row = s.Service.Row;
        if (row.Modifier == Modifier.TechnicalComponent || row.PcTc == PcTcIndicator.TechnicalComponentOnly)
        {
            return 0m;
        }

        if (row.PcTc != PcTcIndicator.DiagnosticTest || row.Modifier == Modifier.ProfessionalComponent)
        {
            return 1m;
        }

        var pc = PaymentCalculator.Price(context, line.Hcpcs, Modifier.ProfessionalComponent, s.Setting, participating: true);
        return pc.Outcome == PriceOutcome.Priced && s.Fee > 0m ? Math.Min(pc.FeeScheduleAmount / s.Fee, 1m) : 0m;
    }

    private static decimal SequestrationRate(DateOnly date)
        => date >= SequestrationFull ? 0.02m : date >= SequestrationHalf ? 0.01m : date >= SequestrationPaused ? 0m : 0.02m;
}
