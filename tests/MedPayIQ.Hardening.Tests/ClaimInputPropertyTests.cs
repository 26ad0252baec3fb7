using FsCheck.Xunit;

namespace MedPayIQ.Hardening.Tests;

/// <summary>
/// FsCheck over claim input to the calculator: real codes and garbage ones, modifiers from the real set and garbage,
/// units up to int.MaxValue, dates across every release boundary of the packaged catalog, real and made-up localities
/// and ZIP codes. Every line gets an answer (a price, or an outcome with its reason), never an exception; no amount is
/// negative; the same claim priced twice gives the same answer.
/// </summary>
public class ClaimInputPropertyTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);

    private static readonly Lazy<HcpcsCode[]> Codes = new(() =>
        [.. PackagedFeeSchedules.ReleaseIds.SelectMany(id => PackagedFeeSchedules.Get(id).Rvus.Rows.ToArray()).Select(e => e.Hcpcs).Distinct()]);

    private static readonly string[] RealModifiers =
        ["26", "TC", "53", "50", "RT", "LT", "80", "81", "82", "AS", "62", "66", "54", "55", "56", "78", "79", "22", "52", "59", "XE", "XP", "XS", "XU", "51", "76", "77", "25", "57", "58", "91", "95", "AA", "AD", "QK", "QX", "QY", "QZ", "QS", "GC", "GT", "Q5", "Q6", "FY", "CT", "PD", "PO", "PN", "JW", "KX", "GA", "GZ", "F1", "E4", "T9", "LC", "RC"];

    private static readonly Lazy<LocalityKey[]> Localities = new(() => [.. PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")).Localities.Rows.Select(l => l.Key)]);

    private static readonly Lazy<int[]> Zips = new(() =>
    {
        var file = Inputs.Packaged("zip/ZIP5_OCT2025.txt");
        var zips = new List<int>();
        for (int i = 0; i + 7 <= file.Length; i = Array.IndexOf(file, (byte)'\n', i) + 1)
        {
            zips.Add(int.Parse(Encoding.ASCII.GetString(file, i + 2, 5), System.Globalization.CultureInfo.InvariantCulture));
            if (Array.IndexOf(file, (byte)'\n', i) < 0)
            {
                break;
            }
        }

        return [.. zips];
    });

    /// <summary>The packaged catalog's boundaries (RVU25A from 2025-01-01, RVU25D from 2025-10-01, RVU26C from 2026-07-01) and the days around them.</summary>
    private static readonly DateOnly[] Boundaries =
    [
        DateOnly.MinValue, new(1999, 12, 31), new(2024, 12, 31), new(2025, 1, 1), new(2025, 9, 30), new(2025, 10, 1), new(2025, 12, 31),
        new(2026, 1, 1), new(2026, 6, 30), new(2026, 7, 1), new(2026, 12, 31), new(2027, 1, 1), new(2099, 12, 31), DateOnly.MaxValue,
    ];

    private static readonly int[] EdgeCounts = [0, 1, 2, 3, 4, 9, 999, 1_000_000, int.MaxValue / 2, int.MaxValue - 1, int.MaxValue];

    internal static Claim RandomClaim(int seed)
    {
        var random = new Random(seed);
        int Count() => random.Next(3) == 0 ? EdgeCounts[random.Next(EdgeCounts.Length)] : random.Next(0, 20);
        DateOnly Date() => random.Next(3) == 0 ? Boundaries[random.Next(Boundaries.Length)] : new DateOnly(2024, 6, 1).AddDays(random.Next(1000));
        var lines = new List<ClaimLine>();
        for (int i = random.Next(1, 14); i > 0; i--)
        {
            var code = random.Next(6) == 0 ? Garbage(random, 5) : Codes.Value[random.Next(Codes.Value.Length)];
            var modifiers = ModifierSet.Empty;
            for (int k = random.Next(6); k > 0 && modifiers.Count < ModifierSet.Capacity; k--)
            {
                string text = random.Next(4) == 0 ? RandomText(random, 2) : RealModifiers[random.Next(RealModifiers.Length)];
                if (Modifier.TryParse(text, out var m) && !modifiers.Contains(m))
                {
                    modifiers = modifiers.Add(m);
                }
            }

            lines.Add(new ClaimLine(Date(), code, modifiers)
            {
                Units = Count(),
                AnesthesiaMinutes = random.Next(3) == 0 ? Count() : 0,
                AnesthesiaBaseUnits = random.Next(3) == 0 ? Count() : null,
                BilledCharge = random.Next(3) switch { 0 => null, 1 => random.Next(0, 5000) + (random.Next(100) / 100m), _ => 79_228_162_514_264m * random.Next(0, 1000) },
                PlaceOfService = random.Next(3) == 0 && PlaceOfService.TryParse(random.Next(1, 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture), out var pos) ? pos : null,
            });
        }

        var location = random.Next(5) switch
        {
            0 => PricingLocation.National,
            1 => PricingLocation.Of(Localities.Value[random.Next(Localities.Value.Length)]),
            2 => PricingLocation.Of(LocalityKey.Create(random.Next(0, 100_000), random.Next(0, 100))),
            3 => PricingLocation.OfZip(Zips.Value[random.Next(Zips.Value.Length)].ToString("D5", System.Globalization.CultureInfo.InvariantCulture)),
            _ => PricingLocation.OfZip(random.Next(0, 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture)),
        };
        return new Claim(lines)
        {
            Location = location,
            Setting = random.Next(2) == 0 ? PricingSetting.Facility : PricingSetting.NonFacility,
            Provider = (ProviderKind)random.Next(10),
            Participation = random.Next(4) != 0 ? Participation.Participating : Participation.NonParticipating,
            ApmStatus = random.Next(4) == 0 ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
            InShortageArea = random.Next(5) == 0,
            DeductibleRemaining = random.Next(3) switch { 0 => null, 1 => random.Next(0, 300), _ => 1_000_000_000m },
            ApplySequestration = random.Next(2) == 0,
        };
    }

    private static HcpcsCode Garbage(Random random, int length)
    {
        while (true)
        {
            if (HcpcsCode.TryParse(RandomText(random, length), out var code))
            {
                return code;
            }
        }
    }

    private static string RandomText(Random random, int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return string.Create(length, random, (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    /// <summary>Everything a line's answer says, as text: equal texts, equal answers.</summary>
    private static string Fingerprint(ClaimPrice price)
        => string.Join("\n", price.Lines.Select(l => FormattableString.Invariant(
            $"{l.Outcome}|{l.AllowedAmount}|{l.MedicarePayment}|{l.Coinsurance}|{l.Deductible}|{l.Sequestration}|{l.LimitingCharge}|{l.FeeScheduleAmount}|{l.HpsaBonus}|{l.Release?.Id}|{l.Confidence}|{l.Reason}|{string.Join(";", l.Steps.Select(s => $"{s.Rule}={s.Amount}"))}")))
           + FormattableString.Invariant($"\n{price.AllowedAmount}|{price.MedicarePayment}|{price.Coinsurance}|{price.Deductible}|{price.UnpricedLines}");

    [Property(MaxTest = 150)]
    public void Any_claim_gets_an_answer_with_no_negative_amount_the_same_twice(int seed)
    {
        var claim = RandomClaim(seed);
        var price = Calculator.Price(claim);
        Assert.Equal(claim.Lines.Length, price.Lines.Length);
        foreach (var line in price.Lines)
        {
            decimal[] amounts = [line.AllowedAmount, line.MedicarePayment, line.Coinsurance, line.Deductible, line.Sequestration, line.FeeScheduleAmount, line.HpsaBonus, line.LimitingCharge ?? 0m];
            Assert.All(amounts, a => Assert.True(a >= 0m, $"line {line.LineNumber} ({line.Line.Hcpcs} x{line.Line.Units}): negative amount {a} in {string.Join(", ", amounts)}"));
            Assert.True(line.MedicarePayment <= line.AllowedAmount, $"line {line.LineNumber}: Medicare pays {line.MedicarePayment} of {line.AllowedAmount}");
            if (line.Outcome != PriceOutcome.Priced)
            {
                Assert.Equal(0m, line.AllowedAmount);
                Assert.False(string.IsNullOrWhiteSpace(line.Reason), $"line {line.LineNumber}: {line.Outcome} without a reason");
            }
        }

        Assert.True(price.AllowedAmount >= 0m && price.MedicarePayment >= 0m);
        Assert.Equal(Fingerprint(price), Fingerprint(Calculator.Price(claim)));
        Assert.Equal(Fingerprint(price), Fingerprint(new PaymentCalculator(PackagedFeeSchedules.Catalog).Price(claim with { })));
    }

    [Property(MaxTest = 200)]
    public void One_line_of_any_code_units_and_date_gets_an_answer(int seed, int units, ushort day)
    {
        var random = new Random(seed);
        var code = Codes.Value[random.Next(Codes.Value.Length)];
        var date = day % 3 == 0 ? Boundaries[day % Boundaries.Length] : new DateOnly(2024, 1, 1).AddDays(day % 1500);
        var line = new ClaimLine(date, code) { Units = units == int.MinValue ? int.MaxValue : Math.Abs(units) };
        var price = Calculator.Price(new Claim([line]) { Location = PricingLocation.Of(Localities.Value[random.Next(Localities.Value.Length)]) }).Lines[0];
        Assert.True(price.AllowedAmount >= 0m && price.MedicarePayment >= 0m && price.Coinsurance >= 0m);
        Assert.True(price.Outcome == PriceOutcome.Priced || !string.IsNullOrWhiteSpace(price.Reason));
    }
}
