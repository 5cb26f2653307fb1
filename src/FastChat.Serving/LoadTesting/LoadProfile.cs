namespace FastChat.Serving.LoadTesting;

/// <summary>How hard a run pushes: Poisson arrivals at <see cref="RequestRate"/> and at most <see cref="MaxConcurrency"/> requests in flight.</summary>
/// <param name="RequestRate">Requests per second; infinity sends every request at once.</param>
/// <param name="MaxConcurrency">Most requests in flight (null = unlimited); a request that arrives at the cap waits for a slot.</param>
/// <param name="Seed">Seed of the arrival times.</param>
public sealed record LoadProfile(double RequestRate = double.PositiveInfinity, int? MaxConcurrency = null, int Seed = 0);
