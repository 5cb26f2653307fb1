using System.Net;
using System.Net.Sockets;

namespace FastChat.Tests;

/// <summary>Loopback ports for tests that need a real address with nothing behind it.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port the OS just handed out and released: nothing listens on it (connections are refused).</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
