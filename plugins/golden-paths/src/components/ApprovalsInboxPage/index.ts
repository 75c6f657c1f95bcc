export {
  ApprovalsInbox,
  ApprovalsInboxContent,
  ApprovalsInboxPage,
} from './ApprovalsInbox';
