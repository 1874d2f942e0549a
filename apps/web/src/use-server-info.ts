'use client';

import { useQuery } from '@tanstack/react-query';

import { useSession } from './session';

/** The server's name, version and IANA time zone (the zone daily and weekly triggers use). */
export function useServerInfo() {
  const { client } = useSession();
  return useQuery({
    queryKey: ['server.info'],
    queryFn: () => client!.api.server.info.query(),
    enabled: client !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
