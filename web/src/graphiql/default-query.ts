/** What a new GraphiQL tab starts with: how to get going with this API. */
export const DEFAULT_QUERY = `# Ordercast's GraphQL API: queries and mutations over HTTP, subscriptions over WebSocket.
#
# Signed in to the web app in this browser? Its token is already in the headers below.
# Otherwise sign in (demo password: ordercast-demo) and paste the token after "Bearer ":
#
#   mutation { signIn(email: "staff@demo.ordercast.dev", password: "ordercast-demo", shop: "demo") { token } }
#
# Then try: subscription { orderUpdated(orderId: "…") { status version } }

query Products {
  products(first: 5) {
    edges {
      node {
        id
        name
      }
    }
  }
}
`;
