using MedPayIQ.X12;

namespace MedPayIQ.X12.Tests;

/// <summary>The 837P reader on our own files (data/README.md): every loop a pricer needs, read into the claim it prices.</summary>
[Collection(nameof(MemoryMeasurements))]
public class ReaderTests
{
    internal static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    internal static (List<ProfessionalClaim> Claims, ProfessionalClaimReader Reader) Read(string name, X12ReadOptions? options = null)
    {
        using var text = File.OpenText(PathOf(name));
        var reader = new ProfessionalClaimReader(text, name, options);
        return ([.. reader.ReadClaims()], reader);
    }

    internal static (List<ProfessionalClaim> Claims, ProfessionalClaimReader Reader) ReadText(string text, string name = "test.837")
    {
        var reader = new ProfessionalClaimReader(new StringReader(text), name);
        return ([.. reader.ReadClaims()], reader);
    }

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Reads_every_loop_of_the_two_transactions()
    {
        var (claims, reader) = Read("hillside-two-transactions.837");
        Assert.Equal(["A-1001", "B-2002", "B-2003", "C-3003", "D-4004"], claims.Select(c => c.ClaimId));
        Assert.Equal(2, reader.Transactions.Count);
        Assert.All(reader.Transactions, t => Assert.True(t.Read));
        Assert.Equal([3, 2], reader.Transactions.Select(t => t.Claims));
        Assert.Empty(reader.Errors);

        var a = claims[0];
        Assert.Equal(new X12ControlNumbers("000000101", "1", "0001"), a.Envelope);
        Assert.Equal(300m, a.TotalCharge);
        Assert.Equal("11", a.PlaceOfService.ToString());
        Assert.Equal("1", a.FrequencyCode);
        Assert.Equal(["I10", "E119"], a.Diagnoses);
        Assert.Equal([new X12Reference("G1", "PA20261101")], a.References);
        Assert.Equal("HILLSIDE MEDICAL GROUP", a.BillingProvider.Name);
        Assert.Equal("1234567893", a.BillingProvider.Id);
        Assert.Equal("902101234", a.BillingProvider.Zip);
        Assert.Equal("207Q00000X", a.BillingProvider.Taxonomy);
        Assert.Equal("954443333", a.BillingProvider.TaxId);
        Assert.Equal("MB", a.FilingIndicator);
        Assert.Equal("RIVERA", a.Patient.Name);
        Assert.Equal(D(1948, 3, 12), a.Patient.BirthDate);
        Assert.Equal("F", a.Patient.Sex);
        Assert.Equal("363LF0000X", a.RenderingProvider!.Taxonomy);
        Assert.Null(a.ServiceFacility);
        Assert.Equal(ProviderKind.NursePractitioner, a.Claim.Provider);
        Assert.Equal(PricingLocationKind.Zip, a.Claim.Location.Kind);
        Assert.Equal(90210, a.Claim.Location.Zip);
        Assert.Equal(Participation.Participating, a.Claim.Participation);
        Assert.True(a.Claim.ApplySequestration);
        Assert.Null(a.Claim.DeductibleRemaining);
        Assert.Equal([1, 2], a.ServiceLines.Select(l => l.Number));
        Assert.Equal([1, 2], a.ServiceLines[0].DiagnosisPointers);
        Assert.Equal("A1001-1", a.ServiceLines[0].ControlNumber);
        var visit = a.Claim.Lines[0];
        Assert.Equal(HcpcsCode.Parse("99214"), visit.Hcpcs);
        Assert.Equal(D(2026, 7, 6), visit.DateOfService);
        Assert.Equal(180m, visit.BilledCharge);
        Assert.Equal("11", visit.PlaceOfService.ToString());

        var b = claims[1];
        Assert.Equal("CHEN", b.Subscriber.Name);
        Assert.Equal("LI", b.Patient.FirstName);
        Assert.Equal(D(1952, 7, 4), b.Patient.BirthDate);
        Assert.Equal("10001", b.ServiceFacility!.Zip);
        Assert.Equal(10001, b.Claim.Location.Zip); // the service facility's ZIP, not the billing provider's 90210
        Assert.Equal(ProviderKind.Physician, b.Claim.Provider);
        Assert.Equal(PricingSetting.Facility, b.Claim.PlaceOfService!.Value.Setting);
        Assert.Equal(["50", "62", "55", ""], b.Claim.Lines.Select(l => l.Modifiers.ToString()));
        Assert.Equal("80", claims[2].Claim.Lines[0].Modifiers.ToString()); // the assistant at surgery bills on a claim of its own
        var postop = b.Claim.Lines[2];
        Assert.Equal(D(2025, 11, 10), postop.PostoperativeCareAssumed);
        Assert.Equal(D(2025, 11, 30), postop.PostoperativeCareRelinquished);
        Assert.Null(b.Claim.Lines[0].PostoperativeCareAssumed); // only the modifier 55 line carries the care dates
        Assert.Equal(D(2025, 11, 30), b.ServiceLines[2].ThroughDate);
        Assert.Equal(4, b.Claim.Lines[3].Units);
        Assert.Equal(D(2025, 11, 10), b.CareAssumed);

        var c = claims[3];
        Assert.Equal(ProviderKind.NurseAnesthetist, c.Claim.Provider); // the billing provider's taxonomy: no rendering loop
        Assert.Equal(10001, c.Claim.Location.Zip);
        Assert.Equal("MJ", c.ServiceLines[0].UnitBasis);
        Assert.Equal(62, c.Claim.Lines[0].AnesthesiaMinutes);
        Assert.Equal(1, c.Claim.Lines[0].Units);
        Assert.Null(c.Claim.Lines[0].AnesthesiaBaseUnits);

        var d = claims[4];
        Assert.Equal("7", d.FrequencyCode);
        Assert.Equal(Participation.NonParticipating, d.Claim.Participation); // CLM07 C: not assigned
        Assert.Equal(ProviderKind.PhysicianAssistant, d.Claim.Provider);
        Assert.Equal([new X12Reference("F8", "ICN20250001")], d.References);
    }

    [Theory]
    [InlineData("hillside-other-delimiters.837")]
    [InlineData("hillside-one-line.837")]
    public void Delimiters_come_from_ISA(string file)
    {
        var (expected, _) = Read("hillside-two-transactions.837");
        var (claims, reader) = Read(file);
        Assert.Empty(reader.Errors);
        Assert.Equal(expected.Count, claims.Count);
        for (int i = 0; i < claims.Count; i++)
        {
            Assert.Equal(expected[i].ClaimId, claims[i].ClaimId);
            Assert.Equal(expected[i].Claim.Lines, claims[i].Claim.Lines);
            Assert.Equal(expected[i].Claim with { Lines = [] }, claims[i].Claim with { Lines = [] });
            Assert.Equal(expected[i].Diagnoses, claims[i].Diagnoses);
            Assert.Equal(expected[i].ServiceLines.Select(l => (l.Number, l.ControlNumber, l.Quantity, l.ThroughDate)), claims[i].ServiceLines.Select(l => (l.Number, l.ControlNumber, l.Quantity, l.ThroughDate)));
            Assert.Equal(expected[i].BillingProvider, claims[i].BillingProvider);
        }
    }

    [Fact]
    public void A_bad_transaction_does_not_stop_the_others()
    {
        var (claims, reader) = Read("multi-interchange.837");
        Assert.Equal(["A-1001", "B-2002", "B-2003", "C-3003", "D-4004", "F-6006"], claims.Select(c => c.ClaimId));
        Assert.Equal(["000000201/11/0001", "000000201/12/0002", "000000202/21/0003", "000000202/21/0004"],
            reader.Transactions.Select(t => $"{t.Envelope.Interchange}/{t.Envelope.Group}/{t.Envelope.Transaction}"));
        Assert.Equal([true, true, false, true], reader.Transactions.Select(t => t.Read));
        var error = Assert.Single(reader.Errors);
        Assert.Same(error, reader.Transactions[2].Error);
        Assert.Equal(("SE", "SE01", "23", "000000202", "0003", 21), (error.SegmentId, error.Element, error.Found, error.Interchange, error.Transaction, error.TransactionSegment));
        Assert.StartsWith("21, the number of segments", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Anesthesia_base_units_come_from_the_options()
    {
        var units = new Dictionary<HcpcsCode, int> { [HcpcsCode.Parse("00100")] = 5 };
        var (claims, _) = Read("hillside-two-transactions.837", new X12ReadOptions { AnesthesiaBaseUnits = units, ApplySequestration = false, DeductibleRemaining = 257m });
        Assert.Equal(5, claims[3].Claim.Lines[0].AnesthesiaBaseUnits);
        Assert.All(claims, c => Assert.False(c.Claim.ApplySequestration));
        Assert.All(claims, c => Assert.Equal(257m, c.Claim.DeductibleRemaining));
    }

    [Theory]
    [InlineData("363LF0000X", ProviderKind.NursePractitioner)]
    [InlineData("363A00000X", ProviderKind.PhysicianAssistant)]
    [InlineData("364SA2200X", ProviderKind.ClinicalNurseSpecialist)]
    [InlineData("367A00000X", ProviderKind.CertifiedNurseMidwife)]
    [InlineData("367500000X", ProviderKind.NurseAnesthetist)]
    [InlineData("367H00000X", ProviderKind.NurseAnesthetist)]
    [InlineData("103TC0700X", ProviderKind.ClinicalPsychologist)]
    [InlineData("1041C0700X", ProviderKind.ClinicalSocialWorker)]
    [InlineData("133V00000X", ProviderKind.RegisteredDietitian)]
    [InlineData("225100000X", ProviderKind.TherapistInPrivatePractice)]
    [InlineData("225X00000X", ProviderKind.TherapistInPrivatePractice)]
    [InlineData("235Z00000X", ProviderKind.TherapistInPrivatePractice)]
    [InlineData("207Q00000X", ProviderKind.Physician)]
    [InlineData("", ProviderKind.Physician)]
    public void Taxonomy_gives_the_provider_kind(string taxonomy, ProviderKind kind) => Assert.Equal(kind, ProviderTaxonomy.KindOf(taxonomy));

    [Fact]
    public void Recognizes_an_interchange_by_its_header()
    {
        Assert.True(ProfessionalClaimReader.IsInterchange("\uFEFF\r\nISA*00*"));
        Assert.True(ProfessionalClaimReader.IsInterchange("ISA|00|"));
        Assert.False(ProfessionalClaimReader.IsInterchange("claim_id,date,hcpcs"));
        Assert.False(ProfessionalClaimReader.IsInterchange("ISAAC,2025-01-02"));
    }

    [Fact]
    public void Streams_a_file_of_many_transactions_in_the_memory_of_one()
    {
        // 160 transactions of 50 claims (32,000 lines), made as they are read: the claims of the first transaction are
        // collected while the last are read (the reader keeps none of them), and the memory held after the 8,000th
        // claim is that after the 1,000th, give or take a transaction (this class runs alone: see MemoryMeasurements).
        var reader = new ProfessionalClaimReader(new Generated837(transactions: 160, claimsPerTransaction: 50, linesPerClaim: 4), "generated.837");
        var first = new List<WeakReference>();
        int claims = 0;
        long early = 0, late = 0;
        foreach (var claim in reader.ReadClaims())
        {
            claims++;
            if (claims <= 50)
            {
                first.Add(new WeakReference(claim));
            }
            else if (claims == 1_000)
            {
                early = GC.GetTotalMemory(forceFullCollection: true);
            }
            else if (claims == 8_000)
            {
                late = GC.GetTotalMemory(forceFullCollection: true);
                Assert.All(first, w => Assert.False(w.IsAlive));
            }
        }

        Assert.Equal(8_000, claims);
        Assert.Equal(160, reader.Transactions.Count(t => t.Read));
        Assert.Empty(reader.Errors);
        Assert.True(late - early < 1_000_000, $"held {early:N0} bytes after 1,000 claims, {late:N0} after 8,000");
    }

    [Fact]
    public void The_subscribers_N4_ZIP_in_loop_2010BA_is_the_beneficiary_ZIP_of_the_claim()
    {
        string text = File.ReadAllText(PathOf("worked-claim.837"));
        // Two segments more in the transaction: SE01 counts them.
        text = System.Text.RegularExpressions.Regex.Replace(text, @"SE\*(\d+)\*", m => $"SE*{int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 2}*");
        int at = text.IndexOf("NM1*IL*", StringComparison.Ordinal);
        int end = text.IndexOf('~', at) + 1;
        var (claims, reader) = ReadText(text.Insert(end, "N3*12 ELM ST~N4*CERRITOS*CA*907041234~"));
        Assert.Empty(reader.Errors);
        Assert.Equal("90704", claims[0].Claim.BeneficiaryZip); // DMEPOS items priced by it: rural in the 2026 Q1 DMEPOS ZIP file
        Assert.Equal("907041234", claims[0].Subscriber.Zip);

        // Without the subscriber's N4 (the file as it is), the claim has none: DMEPOS falls back to the service ZIP code.
        var (plain, _) = Read("worked-claim.837");
        Assert.Null(plain[0].Claim.BeneficiaryZip);

        var (_, bad) = ReadText(text.Insert(end, "N3*12 ELM ST~N4*CERRITOS*CA*9070~"));
        var error = Assert.Single(bad.Errors);
        Assert.Contains("N403", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("the subscriber's ZIP code of 5 or 9 digits (loop 2010BA", error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>The tests that measure memory run alone: no other test allocates meanwhile.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;
