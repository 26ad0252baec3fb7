global using MedPayIQ.Pricing;
