import { graphql } from '../gql';

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($shop: String!, $email: String!) {
    requestPasswordReset(shop: $shop, email: $email)
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword)
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      ...Session
    }
  }
`);
