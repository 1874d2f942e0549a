import type { Principal, User } from '@tickwork/accounts';

import { formatJellyfinDate } from '../wire/dates.ts';
import type { ServerIdentity } from '../server-info.ts';

/** Jellyfin's default authentication and password-reset provider ids, which clients may display. */
const AUTHENTICATION_PROVIDER_ID = 'Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider';
const PASSWORD_RESET_PROVIDER_ID = 'Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider';

/** A UserDto with the fields Tickwork has; everything else is omitted, as Jellyfin omits nulls. */
export function toUserDto(user: User, server: ServerIdentity) {
  return {
    Name: user.name,
    ServerId: server.id,
    ServerName: server.name,
    Id: user.id,
    HasPassword: true,
    HasConfiguredPassword: true,
    HasConfiguredEasyPassword: false,
    EnableAutoLogin: false,
    ...(user.lastLoginAt === undefined ? {} : { LastLoginDate: formatJellyfinDate(user.lastLoginAt) }),
    Policy: {
      IsAdministrator: user.isAdmin,
      IsHidden: false,
      IsDisabled: user.isDisabled,
      AuthenticationProviderId: AUTHENTICATION_PROVIDER_ID,
      PasswordResetProviderId: PASSWORD_RESET_PROVIDER_ID,
    },
  };
}

/** The session a sign-in created, in the SessionInfoDto fields Tickwork knows. */
export function toSessionInfoDto(principal: Extract<Principal, { kind: 'user' }>, server: ServerIdentity, now: number) {
  return {
    Id: principal.accessTokenId,
    UserId: principal.user.id,
    UserName: principal.user.name,
    ...(principal.device.client === undefined ? {} : { Client: principal.device.client }),
    LastActivityDate: formatJellyfinDate(now),
    ...(principal.device.device === undefined ? {} : { DeviceName: principal.device.device }),
    ...(principal.device.deviceId === undefined ? {} : { DeviceId: principal.device.deviceId }),
    ...(principal.device.appVersion === undefined ? {} : { ApplicationVersion: principal.device.appVersion }),
    IsActive: true,
    SupportsMediaControl: false,
    SupportsRemoteControl: false,
    HasCustomDeviceName: false,
    ServerId: server.id,
  };
}
