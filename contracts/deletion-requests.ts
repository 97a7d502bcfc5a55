/** Words of deletion requests at websites that the server and the web both use. */

/** How the requester reached the website: what the website records as the request's channel. */
export const CONTACT_CHANNELS = ['web_form', 'email', 'phone', 'letter', 'in_person', 'platform_message', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
