namespace SignalContract.Analyzers.Tests.Pii;

/// <summary>The contract and the service code the PII rule tests run against.</summary>
internal static class PiiTestCode
{
    /// <summary>The built-in PII words, one allowed name, and the project's redactor.</summary>
    public const string Contract = """
        { "version": 1, "pii": { "allow": ["email_domain"], "redactor": "Shop.Privacy.Redact.Mask" } }
        """;

    /// <summary>The same, without a redactor: fixes can only remove.</summary>
    public const string ContractWithoutRedactor = """
        { "version": 1, "pii": { "allow": ["email_domain"] } }
        """;

    /// <summary>The service's own types: a customer, an order, the redactor and a hashing helper.</summary>
    public const string Model = """

        namespace Shop.Privacy
        {
            public static class Redact
            {
                public static string Mask(string value) => new string('*', value.Length);
            }

            public static class Hashing
            {
                public static string Sha256(string value) => value.GetHashCode().ToString("x8");
            }
        }

        namespace Shop
        {
            public enum Tier { Standard, Gold }

            public sealed class Customer
            {
                public string Id { get; set; } = "";
                public string Email { get; set; } = "";
                public string PhoneNumber { get; set; } = "";
                public bool EmailVerified { get; set; }
                public int PasswordAttempts { get; set; }
                public Tier Tier { get; set; }
                public string GetEmail() => Email;
            }

            public sealed record Order(string Id, decimal Total, string CustomerEmail);

            public sealed record OrderSummary(string Id, decimal Total, int Lines);

            public sealed record Shipment(string Id, Address Destination);

            public sealed record Address(string Street, string PhoneNumber);

            public sealed class SignInRequest
            {
                public string UserName { get; set; } = "";
                public string Password { get; set; } = "";
                public string CardNumber { get; set; } = "";
            }
        }
        """;

    /// <summary>A method of an order service, with loggers and values in scope, around <paramref name="statements"/>.</summary>
    public static string InService(string statements, string members = "") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.Extensions.Logging;
        using Shop;
        using Shop.Privacy;

        public sealed class OrderService
        {
            private const string PasswordKey = "ConnectionStrings:Password";
            private readonly ILogger<OrderService> _logger;
            private readonly Serilog.ILogger _serilog;

            public OrderService(ILogger<OrderService> logger, Serilog.ILogger serilog)
            {
                _logger = logger;
                _serilog = serilog;
            }

            public void Handle(Customer customer, Order order, SignInRequest request, string email, string password, string orderId, bool emailSent, int passwordAttempts, List<Order> orders)
            {
                {{statements}}
            }

            {{members}}
        }
        {{Model}}
        """;
}
